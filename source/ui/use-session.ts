/** Re-renders a component whenever its session or link changes (Ink's maxFps throttles the actual frames). */
import {useEffect, useReducer, useState} from 'react';
import type {ChatSession} from '../session/session.js';

export function useSession(session: ChatSession): void {
	const [, setVersion] = useState(0);
	useEffect(() => {
		const bump = () => setVersion(version => version + 1);
		session.on('change', bump);
		session.link.on('state', bump);
		return () => {
			session.off('change', bump);
			session.link.off('state', bump);
		};
	}, [session]);
}

/**
 * The current time (ms), read at each render, which comes at least every `intervalMs` while `active` (for
 * countdowns). Never a time kept from an earlier render: a countdown that became active would start from it
 * ("reconnecting in 40s" for a wait under a second, 40 s after attach).
 */
export function useNow(intervalMs: number, active: boolean): number {
	const [, tick] = useReducer((count: number) => count + 1, 0);
	useEffect(() => {
		if (!active) {
			return;
		}

		const timer = setInterval(tick, intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs, active]);
	return Date.now();
}
