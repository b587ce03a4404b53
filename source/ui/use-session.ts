/**
 * The session and the clock as external stores, read with useSyncExternalStore: a render reads them, never
 * keeps its own copy, and a change re-renders what reads them (Ink's maxFps throttles the actual frames).
 */
import {useCallback, useMemo, useSyncExternalStore} from 'react';
import type {ChatSession} from '../session/session.js';

/** Re-renders the component whenever `session` or its link changes; returns the session's revision. */
export function useSession(session: ChatSession): number {
	const subscribe = useCallback(
		(changed: () => void) => {
			session.on('change', changed);
			session.link.on('state', changed);
			return () => {
				session.off('change', changed);
				session.link.off('state', changed);
			};
		},
		[session],
	);
	// The revision is a number, so it is the same snapshot until the session changes.
	return useSyncExternalStore(subscribe, () => session.revision);
}

/**
 * A clock that ticks every `intervalMs` while it has listeners (and `ticking`). Its snapshot for `about` is the
 * time of its last tick, or the time it was first asked about this `about`: the same for as long as neither
 * changes, so one render reads one time.
 */
function clockStore(intervalMs: number, ticking: boolean): {subscribe: (changed: () => void) => () => void; read: (about: unknown) => number} {
	let now = Date.now();
	let readFor: unknown;
	return {
		subscribe(changed) {
			if (!ticking) {
				return () => undefined;
			}

			const timer = setInterval(() => {
				now = Date.now();
				changed();
			}, intervalMs);
			return () => clearInterval(timer);
		},
		read(about) {
			if (about !== readFor) {
				readFor = about;
				now = Date.now();
			}

			return now;
		},
	};
}

/**
 * The current time (ms), new at least every `intervalMs` while `active` (for countdowns), and read afresh
 * whenever `active` or `about` (what is counted down: the link's state, a deadline) changes. Never a time kept
 * from before: a countdown that became active would start from it ("reconnecting in 40s" for a wait under a
 * second, 40 s after attach). The time is a store's snapshot (the same within a render), not read by the
 * render itself: a clock read at each call would differ between two calls in one render, and React would
 * render again, and again, while a render takes longer than the clock's step.
 */
export function useNow(intervalMs: number, active: boolean, about?: unknown): number {
	const clock = useMemo(() => clockStore(intervalMs, active), [intervalMs, active]);
	return useSyncExternalStore(clock.subscribe, () => clock.read(about));
}
