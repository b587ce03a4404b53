/** The link's lifecycle as a pure state machine: (state, event) → {state, effects}. The shell performs the effects. */
import {askedDelay, backoffDelay, slowRetryDelay, type LinkPolicy} from './policy.js';

/** Facts carried across states of one outage, for the status line and the events log. */
export type Outage = {
	/** Failed attempts in the current burst, 0 to `policy.maxAttempts`. */
	attempt: number;
	/** When the link was last up and went down (ms, the injected clock); undefined before the first connect. */
	downSince?: number;
	lastError?: string;
	/** Connections in this outage that the gateway closed within `policy.minUptimeMs` of their handshake. */
	flaps?: number;
	/** Time (ms) waited in this outage because the gateway asked, which used up no attempt. */
	askedMs?: number;
	/** The burst is spent: the link watches for the gateway (slow retry, knocking) until it answers or is told to retry. */
	watching?: boolean;
};

export type LinkState =
	| {kind: 'idle'}
	/**
	 * `trialSince`: the handshake finished then (ms), after connections the gateway closed at once; the link is
	 * announced open only once this one has stayed up `policy.minUptimeMs`, so a gateway that lets clients in and
	 * shuts the door is not logged as a reconnect each time.
	 */
	| ({kind: 'connecting'; trialSince?: number} & Outage)
	/** `after`: the outage this connection ended, continued if the connection closes within `policy.minUptimeMs`. */
	| {kind: 'open'; since: number; after?: Outage}
	/** `asked`: the wait is the one the gateway asked for, and uses up no attempt. */
	| ({kind: 'backoff'; retryAt: number; asked?: boolean} & Outage)
	/** The burst is spent; `retryAt` is the next slow retry (ms, the injected clock). Knocking may come sooner. */
	| ({kind: 'offline'; retryAt?: number} & Outage)
	/** A failure retrying cannot fix (bad token, protocol mismatch); only the user can restart it. */
	| ({kind: 'failed'; code: string} & Outage)
	| {kind: 'stopped'};

export type LinkEvent =
	| {type: 'start'}
	| {type: 'opened'}
	/**
	 * The socket closed, errored, timed out or was declared dead.
	 * - `retryAfterMs`: the gateway said when to come back (a retryable refusal, a shutdown); no attempt is used up.
	 * - `minDelayMs`: wait at least this long, as a failed attempt (a pairing request waits for a person).
	 * - `atOnce`: skip the first wait (a dead link found by a wake probe).
	 * - `stalled`: the peer was there but did not answer in time (a connect or pong deadline). Each try already
	 *   waited out a deadline, and a frozen gateway that resumes answers at once: the next try comes soon, not
	 *   after a grown backoff.
	 */
	| {type: 'lost'; reason: string; retryAfterMs?: number; minDelayMs?: number; atOnce?: boolean; stalled?: boolean}
	| {type: 'fatal'; reason: string; code: string}
	/** The one timer the machine schedules fired: a backoff or slow retry is due, or a trial connection proved itself. */
	| {type: 'timer'}
	/** The machine woke from sleep: check the link now instead of waiting. */
	| {type: 'woke'}
	/** The user asked to retry now. */
	| {type: 'retry'}
	/** While waiting, the refused port accepted a connection again: try now, as the same attempt count. */
	| {type: 'reachable'}
	| {type: 'stop'};

type LostEvent = Extract<LinkEvent, {type: 'lost'}>;

export type LinkEffect =
	| {type: 'connect'}
	/** Replace the machine's one timer: a `timer` event in `ms` milliseconds. */
	| {type: 'schedule'; ms: number}
	| {type: 'cancel-timer'}
	/** Ping at once with a short deadline: after a wake the socket may be dead without knowing it. */
	| {type: 'probe'}
	| {type: 'disconnect'};

export type Step = {state: LinkState; effects: LinkEffect[]};

/** `now` is the injected clock (ms); `random` draws the jitter, in [0, 1). */
export type StepContext = {policy: LinkPolicy; now: number; random: () => number};

/**
 * A single connection that closes at once is logged like any drop (a restart can look like that); from the
 * second in one outage on, new connections are on trial and the rest of the outage is summarised.
 */
const flapsBeforeTrial = 2;

const stay = (state: LinkState): Step => ({state, effects: []});

export function step(state: LinkState, event: LinkEvent, context: StepContext): Step {
	if (event.type === 'stop') {
		return {state: {kind: 'stopped'}, effects: [{type: 'cancel-timer'}, {type: 'disconnect'}]};
	}

	const {now, policy} = context;
	switch (state.kind) {
		case 'idle': {
			return event.type === 'start' ? {state: {kind: 'connecting', attempt: 0}, effects: [{type: 'connect'}]} : stay(state);
		}

		case 'connecting': {
			const onTrial = state.trialSince !== undefined;
			if (event.type === 'opened' && !onTrial) {
				if ((state.flaps ?? 0) >= flapsBeforeTrial && policy.minUptimeMs > 0) {
					return {state: {...state, trialSince: now}, effects: [{type: 'schedule', ms: policy.minUptimeMs}]};
				}

				return {state: {kind: 'open', since: now, after: outage(state)}, effects: []};
			}

			if (event.type === 'timer' && onTrial) {
				return {state: {kind: 'open', since: state.trialSince!, after: outage(state)}, effects: []};
			}

			if (event.type === 'lost') {
				const flaps = (state.flaps ?? 0) + (onTrial ? 1 : 0);
				return afterFailure({...outage(state), lastError: event.reason, ...(flaps > 0 && {flaps})}, event, context);
			}

			if (event.type === 'fatal') {
				return {state: {...outage(state), kind: 'failed', code: event.code, lastError: event.reason}, effects: [{type: 'cancel-timer'}, {type: 'disconnect'}]};
			}

			return stay(state);
		}

		case 'open': {
			if (event.type === 'lost') {
				// Closed soon after it opened: the outage it ended goes on, as one more failed attempt.
				const shortLived = event.retryAfterMs === undefined && policy.minUptimeMs > 0 && now - state.since < policy.minUptimeMs;
				const previous = state.after ?? {attempt: 0};
				const next: Outage = shortLived
					? {...previous, downSince: previous.downSince ?? now, lastError: event.reason, flaps: (previous.flaps ?? 0) + 1}
					: {attempt: 0, downSince: now, lastError: event.reason};
				return afterFailure(next, event, context);
			}

			if (event.type === 'fatal') {
				return {
					state: {kind: 'failed', code: event.code, attempt: 0, downSince: now, lastError: event.reason},
					effects: [{type: 'disconnect'}],
				};
			}

			return event.type === 'woke' ? {state, effects: [{type: 'probe'}]} : stay(state);
		}

		case 'backoff':
		case 'offline': {
			if (event.type === 'timer') {
				return {state: {...outage(state), kind: 'connecting'}, effects: [{type: 'connect'}]};
			}

			if (event.type === 'reachable') {
				return {state: {...outage(state), kind: 'connecting'}, effects: [{type: 'cancel-timer'}, {type: 'connect'}]};
			}

			if (event.type === 'woke' || event.type === 'retry') {
				return {state: freshBurst(state), effects: [{type: 'cancel-timer'}, {type: 'connect'}]};
			}

			return stay(state);
		}

		case 'failed': {
			// A fatal failure waits for the user; a mere wake would only repeat it.
			return event.type === 'retry' ? {state: freshBurst(state), effects: [{type: 'connect'}]} : stay(state);
		}

		case 'stopped': {
			return stay(state);
		}
	}
}

/** The outage's own fields, without those of the state that carried them. */
function outage(state: Outage): Outage {
	const {attempt, downSince, lastError, flaps, askedMs, watching} = state;
	return {
		attempt,
		...(downSince !== undefined && {downSince}),
		...(lastError !== undefined && {lastError}),
		...(flaps !== undefined && {flaps}),
		...(askedMs !== undefined && {askedMs}),
		...(watching && {watching}),
	};
}

/** The user (or a wake) asked: a new burst of attempts, in the same outage. */
function freshBurst(state: Outage): LinkState {
	const {watching: _watching, ...rest} = outage(state);
	return {...rest, kind: 'connecting', attempt: 0};
}

function afterFailure(previous: Outage, event: LostEvent, {policy, now, random}: StepContext): Step {
	const asked = event.retryAfterMs === undefined ? undefined : askedDelay(policy, event.retryAfterMs);
	const askedSoFar = previous.askedMs ?? 0;
	if (asked !== undefined && askedSoFar + asked <= policy.askedWaitBudgetMs) {
		return {
			state: {...previous, kind: 'backoff', asked: true, askedMs: askedSoFar + asked, retryAt: now + asked},
			effects: [{type: 'disconnect'}, {type: 'schedule', ms: asked}],
		};
	}

	const floor = Math.max(event.minDelayMs ?? 0, asked ?? 0);
	const attempt = previous.attempt + 1;
	if (previous.watching || attempt > policy.maxAttempts) {
		const ms = Math.max(slowRetryDelay(policy, random), floor);
		return {state: {...previous, kind: 'offline', watching: true, retryAt: now + ms}, effects: [{type: 'disconnect'}, {type: 'schedule', ms}]};
	}

	const grown = event.atOnce ? 0 : backoffDelay(policy, event.stalled ? 1 : attempt, random);
	const ms = Math.max(grown, floor);
	return {
		state: {...previous, kind: 'backoff', attempt, retryAt: now + ms},
		effects: [{type: 'disconnect'}, {type: 'schedule', ms}],
	};
}
