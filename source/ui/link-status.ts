/** What the status line says about the link: always the truth, in a few words. */
import type {LinkState, Outage} from '../connection/machine.js';

export type LinkStatus = {symbol: string; text: string; tone: 'good' | 'warn' | 'bad' | 'quiet'; reason?: string};

/**
 * `now` and the state's times are ms on the same clock; `maxAttempts` is the burst the attempt counter counts to.
 * `compact` (a narrow terminal) leaves out the attempt count and "waiting for the gateway", so that what is
 * queued and `r to retry` still fit beside it in 40 columns.
 */
export function linkStatus(state: LinkState, now: number, latencyMs: number | undefined, maxAttempts: number, compact = false): LinkStatus {
	switch (state.kind) {
		case 'idle':
		case 'connecting': {
			// `attempt` counts the retries of this burst; a retry the burst has no room left for is the slow watch.
			const counted = state.kind === 'connecting' && state.attempt > 0 && !state.watching && !compact;
			const attempt = counted ? ` (attempt ${Math.min(state.attempt, maxAttempts)}/${maxAttempts})` : '';
			return {symbol: '◌', text: `connecting${attempt}`, tone: 'warn', ...(state.kind === 'connecting' && withReason(state))};
		}

		case 'open': {
			return {symbol: '●', text: latencyMs === undefined ? 'connected' : `connected ${latencyMs}ms`, tone: 'good'};
		}

		case 'backoff': {
			const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
			const why = state.asked ? 'as the gateway asked' : `attempt ${Math.min(state.attempt, maxAttempts)}/${maxAttempts}`;
			return {symbol: '◌', text: compact ? `reconnecting in ${seconds}s` : `reconnecting in ${seconds}s (${why})`, tone: 'warn', ...withReason(state)};
		}

		case 'offline': {
			return {symbol: '✕', text: compact ? 'offline · r to retry' : 'offline · waiting for the gateway · r to retry', tone: 'bad', ...withReason(state)};
		}

		case 'failed': {
			// What to do first, why after it: a long why (a port another program holds) must not cut off `r`.
			return {symbol: '✕', text: 'stopped · r to retry', tone: 'bad', reason: state.lastError ?? state.code};
		}

		case 'stopped': {
			return {symbol: '○', text: 'detached', tone: 'quiet'};
		}
	}
}

/** The last error, and how many connections the gateway closed at once, summed up rather than one line each. */
function withReason(outage: Outage): {reason?: string} {
	const flaps = outage.flaps ?? 0;
	const summary = flaps > 1 ? `the gateway closed ${flaps} connections at once` : undefined;
	const reason = [outage.lastError, summary].filter(Boolean).join('; ');
	return reason ? {reason} : {};
}
