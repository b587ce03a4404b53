/** What the status line says about the link: always the truth, in a few words. */
import type {LinkState} from '../connection/machine.js';

export type LinkStatus = {symbol: string; text: string; tone: 'good' | 'warn' | 'bad' | 'quiet'; reason?: string};

export function linkStatus(state: LinkState, now: number, latencyMs: number | undefined, maxAttempts: number): LinkStatus {
	switch (state.kind) {
		case 'idle':
		case 'connecting': {
			const attempt = state.kind === 'connecting' && state.attempt > 0 ? ` (attempt ${state.attempt + 1}/${maxAttempts})` : '';
			return {symbol: '◌', text: `connecting${attempt}`, tone: 'warn', ...(state.kind === 'connecting' && state.lastError && {reason: state.lastError})};
		}

		case 'open': {
			return {symbol: '●', text: latencyMs === undefined ? 'connected' : `connected ${latencyMs}ms`, tone: 'good'};
		}

		case 'backoff': {
			const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
			return {symbol: '◌', text: `reconnecting in ${seconds}s (attempt ${state.attempt}/${maxAttempts})`, tone: 'warn', ...(state.lastError && {reason: state.lastError})};
		}

		case 'offline': {
			return {symbol: '✕', text: 'offline · r to retry', tone: 'bad', ...(state.lastError && {reason: state.lastError})};
		}

		case 'failed': {
			return {symbol: '✕', text: `${state.lastError ?? state.code} · r to retry`, tone: 'bad'};
		}

		case 'stopped': {
			return {symbol: '○', text: 'detached', tone: 'quiet'};
		}
	}
}
