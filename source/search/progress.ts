/**
 * How far the first recall's indexing has come, and which sessions it left out, said the same way by `tether
 * recall` and the TUI's /recall.
 */
import {sanitizeLine} from '../text/sanitize.js';
import type {Progress} from './search-index-build.js';

/** `3/100 sessions, 3,000 messages, 1,234 messages/s`, the rate over `elapsedMs` (ms since indexing began). */
export function progressText({sessions, of, messages}: Progress, elapsedMs: number): string {
	return `${sessions}/${of} sessions, ${messages.toLocaleString('en-US')} messages, ${rate(messages, elapsedMs)}`;
}

/** Messages a second, as `1,234 messages/s`. */
export function rate(messages: number, elapsedMs: number): string {
	return `${Math.round(messages / Math.max(0.001, elapsedMs / 1000)).toLocaleString('en-US')} messages/s`;
}

/** `left out 2 damaged session file(s): a, b (…)`, or undefined when recall left none out. */
export function leftOutText(damaged: readonly string[]): string | undefined {
	return damaged.length === 0 ? undefined : `left out ${damaged.length} damaged session file(s): ${damaged.map(sanitizeLine).join(', ')} (tether ls says what is wrong)`;
}
