/** Re-renders a component whenever its session or link changes (Ink's maxFps throttles the actual frames). */
import {useEffect, useState} from 'react';
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

/** The current time, refreshed every `intervalMs` while `active` (for countdowns). */
export function useNow(intervalMs: number, active: boolean): number {
	const [now, setNow] = useState(Date.now);
	useEffect(() => {
		if (!active) {
			return;
		}

		const timer = setInterval(() => setNow(Date.now()), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs, active]);
	return active ? now : Date.now();
}
