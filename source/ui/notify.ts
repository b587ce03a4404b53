/**
 * When a finished reply deserves a notification, and which sequence gives it (config `tui.notify`,
 * `tui.notify_after`). Pure. The rule, as Codex and Claude Code have it: the terminal says it is not focused;
 * a terminal that never reports focus cannot say so, and there a reply that took long is taken to have been
 * waited for elsewhere.
 */
import {bell, osc777, osc9, throughMultiplexer} from './terminal-sequences.js';

/** `tui.notify`: how to notify; `off` never does. */
export type NotifyMode = 'off' | 'bell' | 'osc9' | 'osc777';
export const notifyModes: readonly NotifyMode[] = ['bell', 'osc9', 'osc777', 'off'];
export const defaultNotifyMode: NotifyMode = 'bell';
/** `tui.notify_after` by default, in seconds. */
export const defaultNotifyAfterSeconds = 30;

/** What is known of the terminal's focus: `unknown` until it first reports (or if it never does). */
export type FocusState = 'in' | 'out' | 'unknown';

/**
 * Whether a reply that took `tookMs` (from the message sent to the reply's end) should notify: the terminal
 * is unfocused, or it does not report focus and the reply took at least `afterMs`.
 */
export function shouldNotify(focus: FocusState, tookMs: number, afterMs: number): boolean {
	return focus === 'out' || (focus === 'unknown' && tookMs >= afterMs);
}

/** The sequence for `mode` (empty for `off`), wrapped for tmux where it must be; the bell never needs it. */
export function notification(mode: NotifyMode, title: string, body: string, env: NodeJS.ProcessEnv): string {
	switch (mode) {
		case 'off': {
			return '';
		}

		case 'bell': {
			return bell;
		}

		case 'osc9': {
			return throughMultiplexer(osc9(`${title}: ${body}`), env);
		}

		case 'osc777': {
			return throughMultiplexer(osc777(title, body), env);
		}
	}
}
