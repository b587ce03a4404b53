import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy, type LinkPolicy} from '../../source/connection/policy.js';
import {offlineAgent} from '../../source/gateway/agents.js';
import {contentText} from '../../source/protocol/payloads.js';
import {ChatSession} from '../../source/session/session.js';
import {readSession, SessionStore} from '../../source/store/session-store.js';
import {onCleanup, tempDir, testGateway, testToken, waitFor} from '../helpers.js';

const fast: LinkPolicy = {...defaultLinkPolicy, baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 100, connectTimeoutMs: 2000};

async function attach(sessionsDir: string, url: () => string, token = testToken, policy = fast) {
	const store = await SessionStore.open(sessionsDir, 'main', 'attach-or-create');
	const session = new ChatSession(store, new Link({endpoint: async () => ({url: url(), token}), policy}));
	onCleanup(async () => session.close());
	session.start();
	return session;
}

const replyTo = (session: ChatSession, text: string) => {
	const request = session.messages.find(m => m.role === 'user' && m.text === text);
	return session.messages.find(m => m.role === 'assistant' && m.runId === request?.idempotencyKey);
};

describe('a session on the embedded gateway', () => {
	it('sends, streams the reply and saves both to the session file', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		// Slow enough for several deltas: the gateway sends at most one per 100 ms.
		const gateway = await testGateway({dataDir, agent: offlineAgent(30)});
		const session = await attach(sessionsDir, () => gateway.url);
		const seen: string[] = [];
		session.on('change', () => seen.push(replyTo(session, 'hello')?.text ?? ''));

		await session.send('hello');
		await waitFor(() => replyTo(session, 'hello')?.status === 'final', 'the reply is final');
		await session.close();

		const reply = replyTo(session, 'hello')!;
		expect(reply.text).toContain('You said: “hello”');
		expect(new Set(seen.filter(text => text && text !== reply.text)).size).toBeGreaterThan(3);
		const saved = await readSession(sessionsDir, 'main');
		expect(saved.messages.map(m => [m.role, m.status])).toEqual([
			['user', 'sent'],
			['assistant', 'final'],
		]);
		expect(saved.gateway.sessionKey).toBe('agent:main:main');
	});

	it('reconnects by itself after the gateway restarts and delivers a message queued meanwhile exactly once', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		let gateway = await testGateway({dataDir});
		const {port} = gateway;
		const session = await attach(sessionsDir, () => gateway.url);
		await waitFor(() => session.link.state.kind === 'open', 'connected');

		await gateway.close();
		await waitFor(() => session.link.state.kind === 'backoff' || session.link.state.kind === 'connecting', 'the status says reconnecting');
		await session.send('while you were down');
		expect(session.messages.at(-1)).toMatchObject({status: 'queued'});

		gateway = await testGateway({dataDir, port});
		await waitFor(() => replyTo(session, 'while you were down')?.status === 'final', 'the queued message is answered');

		const history = gateway.chat.chatHistory('main').messages;
		expect(history.filter(row => row.role === 'user').map(row => contentText(row.content))).toEqual(['while you were down']);
		expect(history.filter(row => row.role === 'assistant')).toHaveLength(1);
		expect(session.data.events.map(event => event.type)).toEqual(['disconnected', 'reconnected']);
		expect(session.notices.at(-1)?.text).toMatch(/^reconnected after \d+\.\d s/);
	});

	it('completes a reply from history when the gateway restarts in the middle of it, without doubling it', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		const {offlineAgent} = await import('../../source/gateway/agents.js');
		let gateway = await testGateway({dataDir, agent: offlineAgent(15)});
		const {port} = gateway;
		const session = await attach(sessionsDir, () => gateway.url);
		await session.send('long one');
		await waitFor(() => (replyTo(session, 'long one')?.text.length ?? 0) > 20, 'the reply is streaming');

		await gateway.close();
		gateway = await testGateway({dataDir, port, agent: offlineAgent(1)});
		await waitFor(() => replyTo(session, 'long one')?.status === 'final', 'the reply is completed', 8000);

		const assistant = session.messages.filter(m => m.role === 'assistant');
		expect(assistant).toHaveLength(1);
		const stored = gateway.chat.chatHistory('main').messages.filter(row => row.role === 'assistant');
		expect(stored).toHaveLength(1);
		expect(assistant[0]?.text).toBe(contentText(stored[0]?.content));
	});

	it('finishes a reply while no client is attached, and shows it as new on the next attach', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		const {offlineAgent} = await import('../../source/gateway/agents.js');
		const gateway = await testGateway({dataDir, agent: offlineAgent(10)});
		const first = await attach(sessionsDir, () => gateway.url);
		await first.send('answer while I am gone');
		await waitFor(() => first.messages[0]?.status === 'sent', 'the gateway has the message');
		await first.close();
		await gateway.chat.idle();

		const second = await attach(sessionsDir, () => gateway.url);
		await waitFor(() => second.messages.length === 2 && second.notices.length > 0, 'the reply is merged in');
		expect(second.messages[1]).toMatchObject({role: 'assistant', status: 'final'});
		expect(second.fresh.has(second.messages[1]!.id)).toBe(true);
		expect(second.notices.map(notice => notice.text)).toEqual(['1 new since you left']);
	});

	it('replays the saved transcript on reattach before connecting', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		const gateway = await testGateway({dataDir});
		const first = await attach(sessionsDir, () => gateway.url);
		await first.send('remember me');
		await waitFor(() => replyTo(first, 'remember me')?.status === 'final', 'answered');
		await first.close();
		await gateway.close();

		const store = await SessionStore.open(sessionsDir, 'main', 'attach');
		onCleanup(async () => store.close());
		expect(store.data.messages.map(m => m.text)[0]).toBe('remember me');
		expect(store.data.messages).toHaveLength(2);
	});

	it('does not take history rows older than the messages in memory for new ones', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		const gateway = await testGateway({dataDir});
		const first = await attach(sessionsDir, () => gateway.url);
		for (let i = 0; i < 6; i++) {
			await first.send(`message ${i}`);
			await waitFor(() => replyTo(first, `message ${i}`)?.status === 'final', `answer ${i}`);
		}

		await first.close();
		// Without a history cursor the whole history is read again, reaching back past the last four messages.
		const file = path.join(sessionsDir, 'main.json');
		const data = JSON.parse(await readFile(file, 'utf8')) as {gateway: Record<string, unknown>};
		delete data.gateway.historyCursor;
		await writeFile(file, `${JSON.stringify(data, undefined, '\t')}\n`);

		const store = await SessionStore.open(sessionsDir, 'main', 'attach', {keepMessages: 4});
		expect(store.earlierCount).toBe(8);
		const second = new ChatSession(store, new Link({endpoint: async () => ({url: gateway.url, token: testToken}), policy: fast}));
		const synced = new Promise<unknown>(resolve => second.once('synced', resolve));
		second.start();
		expect(await synced).toEqual([]);
		await second.close();
		expect((await readSession(sessionsDir, 'main')).messages).toHaveLength(12);
	});

	it('stops retrying and says so when the token is wrong', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		const gateway = await testGateway({dataDir});
		const session = await attach(sessionsDir, () => gateway.url, 'wrong-token');
		await waitFor(() => session.link.state.kind === 'failed', 'the link gives up');
		expect(session.link.state).toMatchObject({code: 'AUTH_TOKEN_MISMATCH', lastError: expect.stringContaining('refused the token')});
	});

	it('re-sends messages left unacknowledged by a crashed client, once, in order', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		const store = await SessionStore.open(sessionsDir, 'main', 'create');
		const at = new Date().toISOString();
		store.update(data => ({
			...data,
			messages: ['one', 'two', 'three'].map((text, i) => ({id: `m${i}`, role: 'user' as const, text, at, status: i === 0 ? ('sending' as const) : ('queued' as const), idempotencyKey: `k${i}`})),
		}));
		await store.close();

		const gateway = await testGateway({dataDir});
		const session = await attach(sessionsDir, () => gateway.url);
		await waitFor(() => session.messages.filter(m => m.role === 'assistant' && m.status === 'final').length === 3, 'all three answered');
		const users = gateway.chat.chatHistory('main').messages.filter(row => row.role === 'user');
		expect(users.map(row => contentText(row.content))).toEqual(['one', 'two', 'three']);
	});
});

describe('after a long spell offline', () => {
	it('sums up what happened in one line', async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		let gateway = await testGateway({dataDir});
		const {port} = gateway;
		let offset = 0;
		const store = await SessionStore.open(sessionsDir, 'main', 'create');
		const session = new ChatSession(store, new Link({endpoint: async () => ({url: gateway.url, token: testToken}), policy: fast, now: () => Date.now() + offset}));
		onCleanup(async () => session.close());
		session.start();
		await waitFor(() => session.link.state.kind === 'open', 'connected');
		await gateway.close();
		await waitFor(() => session.link.state.kind !== 'open', 'offline');
		await session.send('written offline');
		offset = 5 * 60_000;
		gateway = await testGateway({dataDir, port});
		await waitFor(() => session.notices.length > 0, 'the summary appears');
		expect(session.notices.at(-1)?.text).toBe('back after 5 min 0 s offline · sending 1 message(s) you wrote meanwhile');
	});
});
