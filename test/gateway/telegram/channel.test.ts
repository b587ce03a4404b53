/**
 * The Telegram channel end to end: the embedded gateway with its bot polling a fake Bot API on loopback, and a
 * Tether session attached over loopback like a TUI.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {Link} from '../../../source/connection/link.js';
import {defaultLinkPolicy, type LinkPolicy} from '../../../source/connection/policy.js';
import {offlineAgent, type Agent} from '../../../source/gateway/agents.js';
import type {RunningGateway} from '../../../source/gateway/server.js';
import type {TelegramOptions} from '../../../source/gateway/telegram/channel.js';
import {ChannelStore} from '../../../source/gateway/telegram/state.js';
import {ChatSession} from '../../../source/session/session.js';
import {SessionStore} from '../../../source/store/session-store.js';
import {onCleanup, tempDir, testGateway, testToken, waitFor} from '../../helpers.js';
import {fakeBotApi, plain, type FakeBotApi} from './fake-bot-api.js';

const botToken = '4242:AAtelegram-test-token-9f3a1c';
const me = 7001;
const stranger = 666;
const fast: LinkPolicy = {...defaultLinkPolicy, baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 100, connectTimeoutMs: 2000};

type Setup = {api: FakeBotApi; dataDir: string; logs: string[]; agent?: Agent; telegram?: Partial<TelegramOptions>};

async function gatewayWithBot({api, dataDir, logs, agent = offlineAgent(20), telegram = {}}: Setup): Promise<RunningGateway> {
	return testGateway({
		dataDir,
		agent,
		telegram: {token: botToken, allowedUsers: [me], apiRoot: api.apiRoot, pollTimeoutSeconds: 5, log: line => logs.push(line), ...telegram},
	});
}

async function attach(sessionsDir: string, url: () => string, name = 'main') {
	const store = await SessionStore.open(sessionsDir, name, 'attach-or-create');
	const session = new ChatSession(store, new Link({endpoint: async () => ({url: url(), token: testToken}), policy: fast}));
	onCleanup(async () => session.close());
	session.start();
	await waitFor(() => session.link.state.kind === 'open', 'the session is connected');
	return session;
}

const runIdOf = (updateId: number) => `telegram-${me}-${1000 + updateId}`;

/** Waits until the gateway has stored the reply to a turn and the chat shows it in full. */
async function replyShown(api: FakeBotApi, gateway: RunningGateway, runId: string, sessionKey = 'main'): Promise<string> {
	await waitFor(() => gateway.chat.replyOf(sessionKey, runId)?.done === true, 'the reply is stored');
	const reply = gateway.chat.replyOf(sessionKey, runId)!.text;
	await waitFor(() => api.chat(me).some(message => plain(message.text) === reply), 'the chat shows the whole reply');
	return reply;
}

/** Files under `dirs` holding `secret`. */
async function filesHolding(dirs: string[], secret: string): Promise<string[]> {
	const found: string[] = [];
	for (const dir of dirs) {
		for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
			const file = path.join(entry.parentPath, entry.name);
			if (entry.isFile() && (await readFile(file, 'latin1')).includes(secret)) {
				found.push(file);
			}
		}
	}

	return found;
}

describe('the Telegram channel', () => {
	it('makes an allowed user’s message a turn of main: the reply streams by edits of one message, and an attached client shows the question, then the reply, live', async () => {
		const [dataDir, sessionsDir] = [await tempDir(), await tempDir()];
		const api = await fakeBotApi(botToken);
		const logs: string[] = [];
		const gateway = await gatewayWithBot({api, dataDir, logs, agent: offlineAgent(40)});
		const session = await attach(sessionsDir, () => gateway.url);
		const seen: string[] = [];
		session.on('change', () => {
			const [user, reply] = session.messages;
			seen.push(`${user?.text ?? ''}|${reply?.status ?? ''}`);
		});

		const runId = runIdOf(api.userSends(me, me, 'hello from the phone'));
		const reply = await replyShown(api, gateway, runId);
		expect(reply).toContain('You said: “hello from the phone”');

		// One message, filled in by edits, no two writes to the chat within a second of each other.
		const writes = api.calls.filter(call => ['sendMessage', 'editMessageText'].includes(call.method) && call.params.chat_id === me);
		expect(api.callsOf('sendMessage')).toHaveLength(1);
		expect(writes.length).toBeGreaterThanOrEqual(2);
		expect(writes.every(call => call.params.parse_mode === 'HTML')).toBe(true);
		for (let index = 1; index < writes.length; index++) {
			expect(writes[index]!.at - writes[index - 1]!.at).toBeGreaterThanOrEqual(990);
		}

		expect(api.chat(me)).toHaveLength(1);
		expect(api.callsOf('sendChatAction')[0]?.params).toMatchObject({chat_id: me, action: 'typing'});

		// The terminal saw the question before the reply, and the reply while it streamed.
		await waitFor(() => session.messages.at(-1)?.status === 'final', 'the client has the final reply');
		expect(session.messages.map(message => [message.role, message.text])).toEqual([
			['user', 'hello from the phone'],
			['assistant', reply],
		]);
		const firstQuestion = seen.findIndex(entry => entry.startsWith('hello from the phone|'));
		expect(firstQuestion).toBeGreaterThanOrEqual(0);
		expect(seen.slice(firstQuestion).some(entry => entry === 'hello from the phone|streaming')).toBe(true);
		expect(session.model.channel).toBe('telegram');

		// The next attach shows the turn once, in order, from the file and from the gateway alike.
		await session.close();
		for (const dir of [sessionsDir, await tempDir()]) {
			const again = await attach(dir, () => gateway.url);
			await waitFor(() => again.messages.at(-1)?.status === 'final', 'the reattached client is up to date');
			expect(again.messages.map(message => [message.role, message.text])).toEqual([
				['user', 'hello from the phone'],
				['assistant', reply],
			]);
			await again.close();
		}

		await gateway.close();
		expect(await filesHolding([dataDir, sessionsDir], botToken)).toEqual([]);
		expect(logs.join('\n')).not.toContain(botToken);
	});

	it('answers no one outside telegram.allowed_users, and logs each stranger once', async () => {
		const dataDir = await tempDir();
		const api = await fakeBotApi(botToken);
		const logs: string[] = [];
		const gateway = await gatewayWithBot({api, dataDir, logs});

		api.userSends(stranger, stranger, 'let me in');
		api.userSends(stranger, stranger, '/sessions');
		api.userSends(stranger, stranger, 'please');
		// Updates are handled in order: once the allowed user's reply is there, the stranger's were seen.
		await replyShown(api, gateway, runIdOf(api.userSends(me, me, 'only me')));

		expect(api.calls.filter(call => call.params.chat_id === stranger)).toEqual([]);
		expect(logs.filter(line => line.includes(String(stranger)))).toEqual([
			'telegram: ignoring user 666 (not in telegram.allowed_users); further messages from them are ignored silently',
		]);
		const history = gateway.chat.chatHistory('main').messages;
		expect(history.filter(row => row.role === 'user').map(row => row.content)).toEqual(['only me']);
		await waitFor(() => api.unconfirmed() === 0, 'every update is confirmed');
	});

	it('lists sessions, starts one with /new and moves the chat with /attach; a plain message goes to the chat’s session', async () => {
		const dataDir = await tempDir();
		const api = await fakeBotApi(botToken);
		const gateway = await gatewayWithBot({api, dataDir, logs: []});
		const said = async (text: string) => {
			const before = api.callsOf('sendMessage').length;
			api.userSends(me, me, text);
			await waitFor(() => api.callsOf('sendMessage').length > before, `the bot answers ${text}`);
			return plain(api.callsOf('sendMessage').at(-1)!.params.text as string);
		};

		expect(await said('/sessions')).toBe('• main (this chat, no messages yet)');
		expect(await said('/new work')).toBe('This chat now talks to work.');
		expect(await said('/new work')).toBe('Session work exists already: /attach work talks to it.');
		expect(await said('/attach ../etc')).toMatch(/^invalid session name/i);
		await replyShown(api, gateway, runIdOf(api.userSends(me, me, 'for work')), 'work');
		expect(gateway.chat.chatHistory('work').messages.map(row => row.role)).toEqual(['user', 'assistant']);
		expect(gateway.chat.chatHistory('main').messages).toEqual([]);

		expect(await said('/sessions')).toMatch(/^• work \(this chat\) — I am Tether/);
		expect(await said('/attach main')).toBe('This chat now talks to main (a new session: it starts with your next message).');
		expect(gateway.chat.listSessions().sessions.find(row => row.key === 'agent:main:work')).not.toHaveProperty('channel');
	});

	it('loses nothing when the gateway restarts mid-reply: the same message is edited to the whole reply, and history holds the turn once', async () => {
		const [dataDir, sessionsDir] = [await tempDir(), await tempDir()];
		const api = await fakeBotApi(botToken);
		const logs: string[] = [];
		// Slow enough that the reply is still running when the gateway stops, however busy the machine.
		const first = await gatewayWithBot({api, dataDir, logs, agent: offlineAgent(300)});
		const runId = runIdOf(api.userSends(me, me, 'survive a restart'));
		await waitFor(() => api.chat(me).length === 1, 'the reply has begun in the chat');
		expect(first.chat.replyOf('main', runId)?.done).toBe(false);
		await first.close();

		const second = await gatewayWithBot({api, dataDir, logs, agent: offlineAgent(5)});
		const reply = await replyShown(api, second, runId);
		expect(reply).toContain('You said: “survive a restart”');
		expect(api.callsOf('sendMessage')).toHaveLength(1);
		expect(api.chat(me).map(message => plain(message.text))).toEqual([reply]);
		expect(second.chat.chatHistory('main').messages.map(row => row.role)).toEqual(['user', 'assistant']);

		const session = await attach(sessionsDir, () => second.url);
		await waitFor(() => session.messages.at(-1)?.status === 'final', 'the client is up to date');
		expect(session.messages.map(message => [message.role, message.text])).toEqual([
			['user', 'survive a restart'],
			['assistant', reply],
		]);
		await session.close();
		await second.close();
		expect((await ChannelStore.open(dataDir)).state.pending).toEqual([]);
		expect(await filesHolding([dataDir, sessionsDir], botToken)).toEqual([]);
	});

	it('answers a message Telegram delivers again (its offset lost in a crash) once: the same turn, not a second one', async () => {
		const dataDir = await tempDir();
		const api = await fakeBotApi(botToken);
		const first = await gatewayWithBot({api, dataDir, logs: []});
		const updateId = api.userSends(me, me, 'only once');
		await replyShown(api, first, runIdOf(updateId));
		await first.close();
		const store = await ChannelStore.open(dataDir);
		await store.change(state => ({...state, offset: 0}));

		api.offerAgain(updateId);
		const second = await gatewayWithBot({api, dataDir, logs: []});
		await waitFor(() => api.unconfirmed() === 0, 'the update is handled again');
		await replyShown(api, second, runIdOf(api.userSends(me, me, 'and then this')));
		expect(second.chat.chatHistory('main').messages.filter(row => row.role === 'user').map(row => row.content)).toEqual(['only once', 'and then this']);
		expect(api.callsOf('sendMessage')).toHaveLength(2);
	});

	it('keeps serving terminals while Telegram cannot be reached, retries with growing waits, says so once, and serves the phone when it is back', async () => {
		const [dataDir, sessionsDir] = [await tempDir(), await tempDir()];
		const api = await fakeBotApi(botToken);
		api.setDown(true);
		const logs: string[] = [];
		const waits: number[] = [];
		const gateway = await gatewayWithBot({
			api,
			dataDir,
			logs,
			telegram: {
				random: () => 1,
				async sleep(ms) {
					waits.push(ms);
					await new Promise(resolve => setTimeout(resolve, 5));
				},
			},
		});
		const session = await attach(sessionsDir, () => gateway.url);
		await session.send('the terminal still works');
		await waitFor(() => session.messages.at(-1)?.status === 'final', 'the terminal gets its reply');
		await waitFor(() => waits.length >= 8, 'several attempts were made');

		expect(waits.slice(0, 8)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000]);
		expect(logs.filter(line => line.includes('cannot reach'))).toEqual([expect.stringMatching(/^telegram: cannot reach the Bot API \(network: (socket hang up|.*ECONNRESET.*)\); retrying with backoff/)]);

		api.setDown(false);
		await replyShown(api, gateway, runIdOf(api.userSends(me, me, 'back online')));
		expect(logs.filter(line => line.includes('cannot reach'))).toHaveLength(1);
		expect(logs.some(line => line.startsWith('telegram: reachable again after'))).toBe(true);
	});
});
