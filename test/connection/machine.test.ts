import {describe, expect, it} from 'vitest';
import {step, type LinkEvent, type LinkState, type Step} from '../../source/connection/machine.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';

const context = {policy: {...defaultLinkPolicy, maxAttempts: 3}, now: 1000, random: () => 0.5};

function run(events: LinkEvent[], from: LinkState = {kind: 'idle'}): Step {
	let result: Step = {state: from, effects: []};
	for (const event of events) {
		result = step(result.state, event, context);
	}

	return result;
}

const connected: LinkEvent[] = [{type: 'start'}, {type: 'opened'}];

describe('link state machine', () => {
	it('connects on start and is open once the handshake is done', () => {
		expect(run([{type: 'start'}]).effects).toEqual([{type: 'connect'}]);
		expect(run(connected).state).toEqual({kind: 'open', since: 1000});
	});

	it('waits a jittered backoff after a drop, remembering when the link went down', () => {
		const {state, effects} = run([...connected, {type: 'lost', reason: 'closed (1006)'}]);
		expect(state).toMatchObject({kind: 'backoff', attempt: 1, downSince: 1000, lastError: 'closed (1006)', retryAt: 1250});
		expect(effects).toContainEqual({type: 'schedule', ms: 250});
	});

	it('connects again when the backoff timer fires', () => {
		const {state, effects} = run([...connected, {type: 'lost', reason: 'x'}, {type: 'timer'}]);
		expect(state).toMatchObject({kind: 'connecting', attempt: 1});
		expect(effects).toEqual([{type: 'connect'}]);
	});

	it('goes offline after the configured attempts, keeping the last error', () => {
		const failures: LinkEvent[] = [1, 2, 3, 4].flatMap(n => [{type: 'lost', reason: `try ${n}`} as const, {type: 'timer'} as const]);
		const {state} = run([...connected, ...failures.slice(0, -1)]);
		expect(state).toMatchObject({kind: 'offline', attempt: 3, lastError: 'try 4'});
	});

	it('skips the backoff wait when the machine wakes from sleep', () => {
		const {state, effects} = run([...connected, {type: 'lost', reason: 'x'}, {type: 'woke'}]);
		expect(state).toMatchObject({kind: 'connecting', attempt: 0});
		expect(effects).toEqual([{type: 'cancel-timer'}, {type: 'connect'}]);
	});

	it('connects at once when the refused port listens again, without starting a fresh burst', () => {
		const {state, effects} = run([...connected, {type: 'lost', reason: 'x'}, {type: 'timer'}, {type: 'lost', reason: 'refused'}, {type: 'reachable'}]);
		expect(state).toMatchObject({kind: 'connecting', attempt: 2});
		expect(effects).toEqual([{type: 'cancel-timer'}, {type: 'connect'}]);
		expect(run([...connected, {type: 'reachable'}]).state).toMatchObject({kind: 'open'});
	});

	it('probes an open link on wake instead of trusting it', () => {
		expect(run([...connected, {type: 'woke'}]).effects).toEqual([{type: 'probe'}]);
	});

	it('retries from offline on a key press or a wake, with a fresh burst', () => {
		const offline: LinkState = {kind: 'offline', attempt: 3, downSince: 5};
		expect(run([{type: 'retry'}], offline).state).toMatchObject({kind: 'connecting', attempt: 0, downSince: 5});
		expect(run([{type: 'woke'}], offline).effects).toEqual([{type: 'connect'}]);
	});

	it('stops retrying on a fatal error until the user asks', () => {
		const failed = run([{type: 'start'}, {type: 'fatal', code: 'AUTH_TOKEN_MISMATCH', reason: 'bad token'}]);
		expect(failed.state).toMatchObject({kind: 'failed', code: 'AUTH_TOKEN_MISMATCH', lastError: 'bad token'});
		expect(step(failed.state, {type: 'woke'}, context).state.kind).toBe('failed');
		expect(step(failed.state, {type: 'retry'}, context).state.kind).toBe('connecting');
	});

	it('reconnects without waiting when a wake probe finds the link dead', () => {
		const {effects} = run([...connected, {type: 'woke'}, {type: 'lost', reason: 'no pong', atOnce: true}]);
		expect(effects).toContainEqual({type: 'schedule', ms: 0});
	});

	it('honours the gateway hint of when it will be back', () => {
		const {effects} = run([...connected, {type: 'lost', reason: 'restart', minDelayMs: 5000}]);
		expect(effects).toContainEqual({type: 'schedule', ms: 5000});
	});

	it('ignores a timer that fires after the link already recovered', () => {
		expect(run([...connected, {type: 'timer'}]).state.kind).toBe('open');
	});

	it('stops from any state and stays stopped', () => {
		const stopped = run([...connected, {type: 'stop'}]);
		expect(stopped.effects).toEqual([{type: 'cancel-timer'}, {type: 'disconnect'}]);
		expect(step(stopped.state, {type: 'retry'}, context).state.kind).toBe('stopped');
	});
});
