/** Offline is never the end: waits the gateway asks for, watching after a burst, and a frozen gateway that resumes. */
import {describe, expect, it} from 'vitest';
import {Link} from '../../source/connection/link.js';
import type {LinkState} from '../../source/connection/machine.js';
import {defaultLinkPolicy, type LinkPolicy} from '../../source/connection/policy.js';
import {faultProxy} from '../fault-proxy.js';
import {onCleanup, patience, tempDir, testGateway, testToken, waitFor} from '../helpers.js';
import {fakeGateway} from './fake-gateway.js';

const fast: LinkPolicy = {...defaultLinkPolicy, baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 2, minUptimeMs: 0};

function linkTo(url: () => string, policy: LinkPolicy, random = Math.random) {
	const link = new Link({endpoint: async () => ({url: url(), token: testToken}), policy, random});
	onCleanup(() => link.stop());
	const states: Array<LinkState & {at: number}> = [];
	link.on('state', state => states.push({...state, at: Date.now()}));
	link.start();
	return {link, states};
}

const startup = {code: 'UNAVAILABLE', message: 'gateway starting; retry shortly', retryable: true, retryAfterMs: 300, details: {reason: 'startup-sidecars'}};

describe('a gateway that says when to come back', () => {
	it('is retried when it asked, as often as it asks, without using up the burst', async () => {
		const gateway = await fakeGateway({
			connect: n => (n <= 6 ? startup : 'hello'),
			afterRefusal: socket => socket.close(1013, 'gateway starting'),
		});
		const {link, states} = linkTo(() => gateway.url, fast);
		await waitFor(() => link.state.kind === 'open', 'connected once the gateway is up');
		expect(gateway.connections).toBe(7);
		expect(states.some(state => state.kind === 'offline')).toBe(false);
		const waits = states.filter(state => state.kind === 'backoff');
		expect(waits).toHaveLength(6);
		expect(waits).toEqual([1, 2, 3, 4, 5, 6].map(n => expect.objectContaining({asked: true, attempt: 0, askedMs: n * 300})));
		const gaps = gateway.arrivals.slice(1).map((at, i) => at - gateway.arrivals[i]!);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(290);
	});

	it('waits the restartExpectedMs of a shutdown before trying again, as no attempt', async () => {
		const gateway = await fakeGateway({
			afterHello(socket, n) {
				if (n === 1) {
					socket.send(JSON.stringify({type: 'event', event: 'shutdown', payload: {reason: 'gateway stopping', restartExpectedMs: 400}, seq: 1}));
					socket.close(1012, 'service restart');
				}
			},
		});
		const {link, states} = linkTo(() => gateway.url, fast);
		await waitFor(() => link.state.kind === 'open' && gateway.connections === 2, 'reconnected after the restart');
		const wait = states.find(state => state.kind === 'backoff');
		expect(wait).toMatchObject({kind: 'backoff', asked: true, attempt: 0, lastError: 'the gateway restarted'});
		expect(gateway.arrivals[1]! - gateway.arrivals[0]!).toBeGreaterThanOrEqual(390);
	});
});

describe('after a burst', () => {
	it('knocks on the refused port and is back as soon as the gateway listens again, long before the slow retry', async () => {
		const dataDir = await tempDir();
		const gateway = await testGateway({dataDir});
		const {link} = linkTo(() => gateway.url, {...fast, slowRetryMs: 10 * patience});
		await waitFor(() => link.state.kind === 'open', 'connected');
		await gateway.close();
		await waitFor(() => link.state.kind === 'offline', 'offline after the burst');
		expect(link.state).toMatchObject({kind: 'offline', watching: true, lastError: 'connection refused'});
		await testGateway({dataDir, port: gateway.port});
		await waitFor(() => link.state.kind === 'open', 'back by itself, found by knocking');
	});

	it('tries again on the slow schedule for as long as it runs, and comes back when the gateway answers', async () => {
		let refusing = true;
		const gateway = await fakeGateway({connect: () => (refusing ? {code: 'UNAVAILABLE', message: 'overloaded'} : 'hello')});
		const {link, states} = linkTo(() => gateway.url, {...fast, slowRetryMs: 200});
		await waitFor(() => states.filter(state => state.kind === 'offline').length >= 3, 'three slow retries failed');
		expect(gateway.connections).toBeGreaterThanOrEqual(5);
		for (const state of states) {
			expect('attempt' in state ? state.attempt : 0).toBeLessThanOrEqual(fast.maxAttempts);
		}

		refusing = false;
		await waitFor(() => link.state.kind === 'open', 'connected on a slow retry');
	});
});

describe('a frozen gateway that resumes', () => {
	it('is probed again soon after each deadline, not after a grown backoff', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const proxy = await faultProxy(gateway.port);
		onCleanup(async () => proxy.close());
		// Refusals at this policy would wait up to 0.2, 0.4, 0.8, 1.6, 3.2 s …; a deadline passing waits 0.2 s at most.
		const policy = {...fast, baseDelayMs: 200, maxDelayMs: 60_000, maxAttempts: 100, pingIntervalMs: 300, pongWindowMs: 300, connectTimeoutMs: 300};
		const {link, states} = linkTo(() => proxy.url, policy, () => 0.999_999);
		await waitFor(() => link.state.kind === 'open', 'connected');
		proxy.stall(true);
		await waitFor(() => link.state.kind === 'backoff' && link.state.attempt >= 5, 'five attempts timed out');
		const waits = states.flatMap(state => (state.kind === 'backoff' ? [state.retryAt - state.at] : []));
		expect(Math.max(...waits)).toBeLessThanOrEqual(200);
		proxy.stall(false);
		await waitFor(() => link.state.kind === 'open', 'reconnected once the gateway answers again');
	});
});
