/** The link's lifecycle as a pure state machine: (state, event) → {state, effects}. The shell performs the effects. */
import {backoffDelay, type LinkPolicy} from './policy.js';

/** Facts carried across states of one outage, for the status line and the events log. */
type Outage = {
	/** Failed attempts in the current burst. */
	attempt: number;
	/** When the link was last up and went down; undefined before the first connect. */
	downSince?: number;
	lastError?: string;
};

export type LinkState =
	| {kind: 'idle'}
	| ({kind: 'connecting'} & Outage)
	| {kind: 'open'; since: number}
	| ({kind: 'backoff'; retryAt: number} & Outage)
	| ({kind: 'offline'} & Outage)
	/** A failure retrying cannot fix (bad token, protocol mismatch); only the user can restart it. */
	| ({kind: 'failed'; code: string} & Outage)
	| {kind: 'stopped'};

export type LinkEvent =
	| {type: 'start'}
	| {type: 'opened'}
	/**
	 * The socket closed, errored, timed out or was declared dead. `minDelayMs` honours a server's retry hint;
	 * `atOnce` skips the first wait (a dead link found by a wake probe).
	 */
	| {type: 'lost'; reason: string; minDelayMs?: number; atOnce?: boolean}
	| {type: 'fatal'; reason: string; code: string}
	| {type: 'timer'}
	/** The machine woke from sleep: check the link now instead of waiting. */
	| {type: 'woke'}
	/** The user asked to retry now. */
	| {type: 'retry'}
	/** While backing off, the refused port accepted a connection again: try now, as the same attempt count. */
	| {type: 'reachable'}
	| {type: 'stop'};

export type LinkEffect =
	| {type: 'connect'}
	| {type: 'schedule'; ms: number}
	| {type: 'cancel-timer'}
	/** Ping at once with a short deadline: after a wake the socket may be dead without knowing it. */
	| {type: 'probe'}
	| {type: 'disconnect'};

export type Step = {state: LinkState; effects: LinkEffect[]};

export type StepContext = {policy: LinkPolicy; now: number; random: () => number};

const stay = (state: LinkState): Step => ({state, effects: []});

export function step(state: LinkState, event: LinkEvent, context: StepContext): Step {
	if (event.type === 'stop') {
		return {state: {kind: 'stopped'}, effects: [{type: 'cancel-timer'}, {type: 'disconnect'}]};
	}

	switch (state.kind) {
		case 'idle': {
			return event.type === 'start' ? {state: {kind: 'connecting', attempt: 0}, effects: [{type: 'connect'}]} : stay(state);
		}

		case 'connecting': {
			if (event.type === 'opened') {
				return {state: {kind: 'open', since: context.now}, effects: []};
			}

			if (event.type === 'lost') {
				return afterFailure({...state, lastError: event.reason}, event.minDelayMs, context);
			}

			if (event.type === 'fatal') {
				return {state: {...outage(state), kind: 'failed', code: event.code, lastError: event.reason}, effects: [{type: 'disconnect'}]};
			}

			return stay(state);
		}

		case 'open': {
			if (event.type === 'lost') {
				return afterFailure({attempt: 0, downSince: context.now, lastError: event.reason}, event.minDelayMs, context, event.atOnce);
			}

			if (event.type === 'fatal') {
				return {
					state: {kind: 'failed', code: event.code, attempt: 0, downSince: context.now, lastError: event.reason},
					effects: [{type: 'disconnect'}],
				};
			}

			return event.type === 'woke' ? {state, effects: [{type: 'probe'}]} : stay(state);
		}

		case 'backoff': {
			if (event.type === 'timer') {
				return {state: {...outage(state), kind: 'connecting'}, effects: [{type: 'connect'}]};
			}

			if (event.type === 'woke' || event.type === 'retry') {
				return {state: {...outage(state), kind: 'connecting', attempt: 0}, effects: [{type: 'cancel-timer'}, {type: 'connect'}]};
			}

			if (event.type === 'reachable') {
				return {state: {...outage(state), kind: 'connecting'}, effects: [{type: 'cancel-timer'}, {type: 'connect'}]};
			}

			return stay(state);
		}

		case 'offline':
		case 'failed': {
			// A fatal failure waits for the user; a mere wake would only repeat it.
			const restart = event.type === 'retry' || (event.type === 'woke' && state.kind === 'offline');
			return restart ? {state: {...outage(state), kind: 'connecting', attempt: 0}, effects: [{type: 'connect'}]} : stay(state);
		}

		case 'stopped': {
			return stay(state);
		}
	}
}

function outage(state: Outage): Outage {
	return {attempt: state.attempt, downSince: state.downSince, lastError: state.lastError};
}

function afterFailure(previous: Outage, minDelayMs: number | undefined, context: StepContext, atOnce = false): Step {
	const attempt = previous.attempt + 1;
	if (attempt > context.policy.maxAttempts) {
		return {state: {...previous, kind: 'offline', attempt: previous.attempt}, effects: [{type: 'disconnect'}]};
	}

	const ms = Math.max(atOnce ? 0 : backoffDelay(context.policy, attempt, context.random), minDelayMs ?? 0);
	return {
		state: {...previous, kind: 'backoff', attempt, retryAt: context.now + ms},
		effects: [{type: 'disconnect'}, {type: 'schedule', ms}],
	};
}
