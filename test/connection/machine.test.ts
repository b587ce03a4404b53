import {describe, expect, it} from 'vitest';
import {step, type LinkEvent, type LinkState, type Step} from '../../source/connection/machine.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';

const context = {policy: {...defaultLinkPolicy, maxAttempts: 3}, now: 1000, random: () => 0.5};

/** An event, or an event and the clock (ms) when it happens; without one the clock stands at 1000. */
type At = LinkEvent | [LinkEvent, number];

function run(events: At[], from: LinkState = {kind: 'idle'}): Step {
	let result: Step = {state: from, effects: []};
	for (const item of events) {
		const [event, now] = Array.isArray(item) ? item : [item, context.now];
		result = step(result.state, event, {...context, now});
	}

	return result;
}

const scheduled = ({effects}: Step) => effects.find(effect => effect.type === 'schedule')?.ms;

const connected: LinkEvent[] = [{type: 'start'}, {type: 'opened'}];

describe('link state machine', () => {
	it('connects on start and is open once the handshake is done', () => {
		expect(run([{type: 'start'}]).effects).toEqual([{type: 'connect'}]);
		expect(run(connected).state).toEqual({kind: 'open', since: 1000, after: {attempt: 0}});
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

	it('keeps watching once offline: a slow retry every 45–75 s, one attempt each, for as long as it runs', () => {
		const failures: LinkEvent[] = [1, 2, 3, 4].flatMap(n => [{type: 'lost', reason: `try ${n}`} as const, {type: 'timer'} as const]);
		const offline = run([...connected, ...failures.slice(0, -1)]);
		expect(scheduled(offline)).toBe(60_000);
		expect(offline.state).toMatchObject({kind: 'offline', watching: true, retryAt: 61_000});
		let watch = offline;
		for (let round = 0; round < 5; round++) {
			watch = run([{type: 'timer'}], watch.state);
			expect(watch).toMatchObject({state: {kind: 'connecting', attempt: 3, watching: true}, effects: [{type: 'connect'}]});
			watch = run([{type: 'lost', reason: 'still down'}], watch.state);
			expect(watch.state).toMatchObject({kind: 'offline', attempt: 3});
		}

		for (const [random, ms] of [[0, 45_000], [0.999_999, 75_000]] as const) {
			expect(scheduled(step({kind: 'connecting', attempt: 3, watching: true}, {type: 'lost', reason: 'x'}, {...context, random: () => random}))).toBe(ms);
		}
	});

	it('connects at once when the refused port listens again while offline, and comes back for good', () => {
		const offline: LinkState = {kind: 'offline', attempt: 3, downSince: 5, watching: true, retryAt: 60_000};
		const knocked = run([{type: 'reachable'}], offline);
		expect(knocked.effects).toEqual([{type: 'cancel-timer'}, {type: 'connect'}]);
		expect(run([{type: 'reachable'}, {type: 'opened'}], offline).state).toMatchObject({kind: 'open'});
	});

	it('never counts past the burst: the attempt counter stays within 1..maxAttempts', () => {
		const events: LinkEvent[] = [...connected];
		for (let n = 0; n < 20; n++) {
			events.push({type: 'lost', reason: 'x'}, n % 2 ? {type: 'timer'} : {type: 'reachable'});
		}

		let state: LinkState = {kind: 'idle'};
		for (const event of events) {
			state = step(state, event, context).state;
			expect('attempt' in state ? state.attempt : 0).toBeLessThanOrEqual(3);
		}
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
		const offline: LinkState = {kind: 'offline', attempt: 3, downSince: 5, watching: true, retryAt: 60_000};
		const retried = run([{type: 'retry'}], offline);
		expect(retried.state).toEqual({kind: 'connecting', attempt: 0, downSince: 5});
		expect(run([{type: 'woke'}], offline).effects).toEqual([{type: 'cancel-timer'}, {type: 'connect'}]);
		expect(run([{type: 'lost', reason: 'x'}], retried.state).state).toMatchObject({kind: 'backoff', attempt: 1});
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

	it('waits as long as a restarting gateway says, using up no attempt', () => {
		const step1 = run([...connected, {type: 'lost', reason: 'the gateway restarted', retryAfterMs: 5000}]);
		expect(step1.state).toMatchObject({kind: 'backoff', attempt: 0, asked: true, retryAt: 6000, downSince: 1000});
		expect(scheduled(step1)).toBe(5000);
	});

	it('retries a gateway that says it is starting as often as it asks, without ever going offline', () => {
		const events: LinkEvent[] = [...connected, {type: 'lost', reason: 'x'}, {type: 'timer'}];
		for (let n = 0; n < 50; n++) {
			events.push({type: 'lost', reason: 'gateway starting; retry shortly', retryAfterMs: 500}, {type: 'timer'});
		}

		const {state} = run(events);
		expect(state).toMatchObject({kind: 'connecting', attempt: 1, askedMs: 25_000});
		expect(scheduled(run([{type: 'lost', reason: 'starting', retryAfterMs: 500}], state))).toBe(500);
	});

	it('counts asked waits as attempts once they pass the budget, so a gateway that always says "soon" is bounded', () => {
		const spent: LinkState = {kind: 'connecting', attempt: 1, askedMs: defaultLinkPolicy.askedWaitBudgetMs - 200};
		const {state, effects} = run([{type: 'lost', reason: 'starting', retryAfterMs: 500}], spent);
		expect(state).toMatchObject({kind: 'backoff', attempt: 2});
		expect(state).not.toHaveProperty('asked');
		expect(effects).toContainEqual({type: 'schedule', ms: 500});
		expect(scheduled(run([{type: 'lost', reason: 'x', retryAfterMs: 0}], {kind: 'connecting', attempt: 0}))).toBe(100);
	});

	it('waits at least a floor such as pairing asks for, as a failed attempt', () => {
		const {state, effects} = run([...connected, {type: 'lost', reason: 'approve me', minDelayMs: 30_000}]);
		expect(state).toMatchObject({kind: 'backoff', attempt: 1});
		expect(effects).toContainEqual({type: 'schedule', ms: 30_000});
	});

	it('tries again soon after a deadline passed, however many came before, instead of a grown backoff', () => {
		const stalled: LinkEvent = {type: 'lost', reason: 'timed out connecting', stalled: true};
		const deep: LinkState = {kind: 'connecting', attempt: 2};
		const far = {...context, policy: {...context.policy, maxAttempts: 10}, random: () => 0.999_999};
		expect(scheduled(step({...deep, attempt: 6}, stalled, far))).toBe(500);
		expect(scheduled(step({...deep, attempt: 6}, {type: 'lost', reason: 'refused'}, far))).toBe(30_000);
		expect(step({...deep, attempt: 6}, stalled, far).state).toMatchObject({kind: 'backoff', attempt: 7});
	});

	describe('a gateway that lets you in and shuts the door', () => {
		const slam = (at: number): At[] => [[{type: 'opened'}, at], [{type: 'lost', reason: 'closed (1008): go away'}, at + 10]];

		it('counts a connection closed within minUptimeMs as a failed attempt, so backoff grows', () => {
			const first = run([{type: 'start'}, ...slam(0)]);
			expect(first.state).toMatchObject({kind: 'backoff', attempt: 1, flaps: 1, downSince: 10, lastError: 'closed (1008): go away'});
			const second = run([{type: 'timer'}, ...slam(100)], first.state);
			expect(second.state).toMatchObject({kind: 'backoff', attempt: 2, flaps: 2, downSince: 10});
			expect(scheduled(second)).toBe(500);
		});

		it('keeps the outage that a short-lived reconnect ended going, with its start time', () => {
			const afterDrop = run([...connected, [{type: 'lost', reason: 'x'}, 9000], {type: 'timer'}, {type: 'lost', reason: 'y'}, {type: 'timer'}]);
			const {state} = run(slam(12_000), afterDrop.state);
			expect(state).toMatchObject({kind: 'backoff', attempt: 3, downSince: 9000, flaps: 1});
		});

		it('starts a new outage when a connection stayed up minUptimeMs', () => {
			const {state} = run([{type: 'start'}, [{type: 'opened'}, 0], [{type: 'lost', reason: 'x'}, defaultLinkPolicy.minUptimeMs]]);
			expect(state).toMatchObject({kind: 'backoff', attempt: 1, downSince: defaultLinkPolicy.minUptimeMs});
			expect(state).not.toHaveProperty('flaps');
		});

		it('puts new connections on trial after repeated short-lived ones, and announces one only once it stays up', () => {
			const twice = run([{type: 'start'}, ...slam(0), {type: 'timer'}, ...slam(100), {type: 'timer'}]);
			const trial = run([[{type: 'opened'}, 200]], twice.state);
			expect(trial.state).toMatchObject({kind: 'connecting', trialSince: 200, attempt: 2});
			expect(scheduled(trial)).toBe(defaultLinkPolicy.minUptimeMs);
			expect(run([[{type: 'timer'}, 5200]], trial.state).state).toMatchObject({kind: 'open', since: 200});
			const shut = run([[{type: 'lost', reason: 'closed (1008): go away'}, 210]], trial.state);
			expect(shut.state).toMatchObject({kind: 'backoff', attempt: 3, flaps: 3});
			expect(shut.state).not.toHaveProperty('trialSince');
		});

		it('goes offline when the burst is spent, and keeps each slow retry on trial', () => {
			let result = run([{type: 'start'}]);
			for (let n = 0; n < 4; n++) {
				result = run([...slam(n * 1000), {type: 'timer'}], result.state);
			}

			expect(result.state).toMatchObject({kind: 'connecting', watching: true, attempt: 3});
			expect(run([{type: 'opened'}], result.state).state).toMatchObject({kind: 'connecting', trialSince: 1000});
			expect(run([{type: 'opened'}, {type: 'lost', reason: 'again'}], result.state).state).toMatchObject({kind: 'offline', attempt: 3, flaps: 5});
		});

		it('can be turned off with minUptimeMs 0', () => {
			const off = {...context, policy: {...context.policy, minUptimeMs: 0}};
			const opened = step(step({kind: 'idle'}, {type: 'start'}, off).state, {type: 'opened'}, off).state;
			expect(step(opened, {type: 'lost', reason: 'x'}, off).state).toMatchObject({attempt: 1, downSince: 1000});
			expect(step({kind: 'connecting', attempt: 2, flaps: 5}, {type: 'opened'}, off).state.kind).toBe('open');
		});
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
