import {describe, expect, it} from 'vitest';
import {WebSocketServer} from 'ws';
import {EndpointUnavailable} from '../../source/connection/errors.js';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy, type LinkPolicy} from '../../source/connection/policy.js';
import {contentText} from '../../source/protocol/payloads.js';
import {ChatSession} from '../../source/session/session.js';
import {SessionStore} from '../../source/store/session-store.js';
import {faultProxy} from '../fault-proxy.js';
import {seeded} from '../random.js';
import {onCleanup, patience, tempDir, testGateway, testToken, waitFor} from '../helpers.js';
import {wordyAgent} from './agents.js';

// A short connect timeout: an attempt made while the proxy stalls is swallowed whole and must not wait 10 s.
// minUptimeMs 0: these tests cut connections every few hundred ms on purpose, to test what survives the cuts.
const policy: LinkPolicy = {
	...defaultLinkPolicy,
	baseDelayMs: 20,
	maxDelayMs: 200,
	maxAttempts: 10_000,
	minUptimeMs: 0,
	pingIntervalMs: 500,
	pongWindowMs: 300,
	probeWindowMs: 300,
	connectTimeoutMs: 1000,
};

async function sessionVia(url: () => string, options: {policy?: LinkPolicy; now?: () => number} = {}) {
	const store = await SessionStore.open(await tempDir(), 'main', 'create');
	const link = new Link({endpoint: async () => ({url: url(), token: testToken}), policy: options.policy ?? policy, ...(options.now && {now: options.now})});
	const session = new ChatSession(store, link);
	onCleanup(async () => session.close());
	session.start();
	await waitFor(() => link.state.kind === 'open', 'connected');
	return session;
}

const elapsed = (since: number) => Date.now() - since;

describe('a gateway that restarts', () => {
	it('is reconnected to as soon as its port listens again, not when the backoff wait ends', async () => {
		const dataDir = await tempDir();
		const gateway = await testGateway({dataDir});
		// Every backoff wait is the longest possible: 3 s.
		const link = new Link({endpoint: async () => ({url: gateway.url, token: testToken}), policy: {...policy, baseDelayMs: 3000, maxDelayMs: 3000}, random: () => 1});
		onCleanup(() => link.stop());
		link.start();
		await waitFor(() => link.state.kind === 'open', 'connected');
		await gateway.close();
		await waitFor(() => link.state.kind === 'backoff' && link.state.lastError === 'connection refused', 'refused while the gateway is down', 4000);
		await testGateway({dataDir, port: gateway.port});
		const listeningAt = Date.now();
		await waitFor(() => link.state.kind === 'open', 'reconnected', 4000);
		expect(elapsed(listeningAt)).toBeLessThan(1500);
	});

	it('is taken as soon as it listens when the embedded gateway did not start, not when the backoff wait ends', async () => {
		const dataDir = await tempDir();
		const gateway = await testGateway({dataDir});
		const port = gateway.port;
		await gateway.close();
		// As the embedded gateway's endpoint says it: nothing started, and where one would listen.
		let started = false;
		const endpoint = async () => {
			if (!started) {
				throw new EndpointUnavailable('the embedded gateway did not start', `ws://127.0.0.1:${port}`);
			}

			return {url: `ws://127.0.0.1:${port}`, token: testToken};
		};

		const link = new Link({endpoint, policy: {...policy, baseDelayMs: 3000, maxDelayMs: 3000}, random: () => 1});
		onCleanup(() => link.stop());
		link.start();
		await waitFor(() => link.state.kind === 'backoff' && link.state.lastError === 'the embedded gateway did not start', 'waiting to retry', 4000);
		started = true;
		await testGateway({dataDir, port});
		const listeningAt = Date.now();
		await waitFor(() => link.state.kind === 'open', 'connected', 4000);
		expect(elapsed(listeningAt)).toBeLessThan(1500);
	});
});

describe('dead links', () => {
	it('notices a frozen peer within ping_interval + the pong window', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const proxy = await faultProxy(gateway.port);
		onCleanup(async () => proxy.close());
		const session = await sessionVia(() => proxy.url);

		proxy.stall(true);
		const frozenAt = Date.now();
		await waitFor(() => session.link.state.kind !== 'open', 'the link is declared dead', 3000);
		// The exact bound is proven with a fake clock in liveness.test.ts; here, on a real and
		// possibly busy machine, it is enough to be far inside the minutes TCP would take.
		expect(elapsed(frozenAt)).toBeLessThanOrEqual(policy.pingIntervalMs + policy.pongWindowMs + 1500);
		expect(session.link.state).toMatchObject({lastError: 'the gateway stopped answering'});

		proxy.stall(false);
		await waitFor(() => session.link.state.kind === 'open', 'reconnected once the peer answers again');
	});

	it('checks the link at once after a sleep and is chatting again within 2 s', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const proxy = await faultProxy(gateway.port);
		onCleanup(async () => proxy.close());
		let slept = 0;
		const session = await sessionVia(() => proxy.url, {policy: {...policy, pingIntervalMs: 60_000}, now: () => Date.now() + slept});

		// While "asleep" the connection died silently; on waking, the clock has jumped a minute.
		const transitions: string[] = [];
		session.link.on('state', state => transitions.push(state.kind));
		proxy.freezeExisting();
		slept = 60_000;
		const wokeAt = Date.now();
		await waitFor(() => transitions.includes('open'), 'the wake probe finds the link dead and it reconnects', 3000);
		expect(transitions.slice(0, 3)).toEqual(['backoff', 'connecting', 'open']);
		// Noticing the wake takes up to one 1 s beat; the rest is the probe and the reconnect.
		expect(elapsed(wokeAt)).toBeLessThan(1000 + 2000);
		await session.send('after sleep');
		await waitFor(() => session.messages.some(m => m.role === 'assistant' && m.status === 'final'), 'chatting again');
	});
});

describe('reconnect storms and mid-stream drops', () => {
	it('survives 20 drops in 2 s with never more than one open socket, applying every event once', async () => {
		const dataDir = await tempDir();
		const gateway = await testGateway({dataDir, agent: wordyAgent(60, 30)});
		const proxy = await faultProxy(gateway.port);
		onCleanup(async () => proxy.close());
		const session = await sessionVia(() => proxy.url);
		await session.send('storm');
		for (let drop = 0; drop < 20; drop++) {
			await new Promise(resolve => setTimeout(resolve, 100));
			proxy.dropAll();
		}

		await waitFor(() => session.messages.some(m => m.role === 'assistant' && m.status === 'final'), 'the reply completes', patience);
		expect(proxy.peakOpen).toBe(1);
		const stored = gateway.chat.chatHistory('main').messages.find(row => row.role === 'assistant');
		const replies = session.messages.filter(m => m.role === 'assistant');
		expect(replies).toHaveLength(1);
		expect(replies[0]?.text).toBe(contentText(stored?.content));
	});

	it('keeps every reply whole and single when drops land inside 200 streamed replies', {timeout: 5 * patience}, async () => {
		const gateway = await testGateway({dataDir: await tempDir(), agent: wordyAgent(6, 2)});
		const proxy = await faultProxy(gateway.port);
		onCleanup(async () => proxy.close());
		const session = await sessionVia(() => proxy.url);
		const random = seeded(3);
		let dropping = true;
		void (async () => {
			while (dropping) {
				await new Promise(resolve => setTimeout(resolve, 30 + random() * 250));
				proxy.dropAll();
			}
		})();
		onCleanup(() => {
			dropping = false;
		});

		for (let i = 0; i < 200; i++) {
			void session.send(`m${i}`);
		}

		const finals = () => session.messages.filter(m => m.role === 'assistant' && m.status === 'final').length;
		await waitFor(() => finals() >= 200, `200 replies are final (had ${finals()})`, 4 * patience);
		dropping = false;
		expect(proxy.drops).toBeGreaterThan(10);
		const stored = new Map(gateway.chat.chatHistory('main', 1000).messages.filter(row => row.role === 'assistant').map(row => [row.__openclaw?.runId, contentText(row.content)]));
		const replies = session.messages.filter(m => m.role === 'assistant');
		expect(replies).toHaveLength(200);
		for (const reply of replies) {
			expect(reply.text).toBe(stored.get(reply.runId));
		}
	});
});

describe('malformed frames from the gateway', () => {
	it('ignores what it cannot read, resets on an oversized frame, and keeps working', async () => {
		const server = new WebSocketServer({host: '127.0.0.1', port: 0});
		onCleanup(async () => new Promise(resolve => server.close(() => resolve())));
		await new Promise(resolve => server.once('listening', resolve));
		let connections = 0;
		server.on('connection', socket => {
			connections += 1;
			const first = connections === 1;
			socket.send(JSON.stringify({type: 'event', event: 'connect.challenge', payload: {nonce: 'n', ts: 1}}));
			socket.on('message', data => {
				const request = JSON.parse(data.toString()) as {id: string; method: string};
				const answer = (payload: unknown) => socket.send(JSON.stringify({type: 'res', id: request.id, ok: true, payload}));
				if (request.method === 'connect') {
					answer({
						type: 'hello-ok',
						protocol: 4,
						server: {version: 'fake', connId: 'c'},
						auth: {role: 'operator', scopes: []},
						policy: {maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs: 30_000},
					});
					for (const garbage of ['not json', '{"type":"weird"}', '{"type":"event"}', '[1,2,3]', '{"type":"event","event":"chat","payload":{"state":"nonsense"}}', '{"type":"res","id":"999","ok":true}']) {
						socket.send(garbage);
					}

					if (first) {
						socket.send('x'.repeat(2 * 1024 * 1024));
					}
				} else if (request.method === 'chat.history') {
					answer({sessionKey: 'agent:main:main', messages: []});
				} else if (request.method === 'chat.send') {
					answer({runId: 'r1', status: 'started'});
					socket.send(JSON.stringify({type: 'event', event: 'chat', payload: {runId: 'r1', sessionKey: 'agent:main:main', state: 'final', message: {content: 'still fine'}}}));
				}
			});
		});

		const {port} = server.address() as {port: number};
		const session = await sessionVia(() => `ws://127.0.0.1:${port}`, {policy: {...policy, maxPayloadBytes: 1024 * 1024}});
		await waitFor(() => connections === 2 && session.link.state.kind === 'open', 'the link was reset by the oversized frame and came back');
		await session.send('hello?');
		await waitFor(() => session.messages.some(m => m.text === 'still fine'), 'a valid event after garbage is applied');
	});
});
