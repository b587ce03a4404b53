/**
 * Client scenarios every gateway Tether talks to must pass: the embedded one (in `npm test`) and a real
 * OpenClaw gateway from the lab (`npm run test:openclaw`). One code path in the client, proven on both.
 */
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {deviceCredentials} from '../../source/auth/device-credentials.js';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';
import {ChatSession} from '../../source/session/session.js';
import {readSession, SessionStore} from '../../source/store/session-store.js';
import {onCleanup, tempDir, waitFor} from '../helpers.js';

export type GatewayUnderTest = {
	readonly url: string;
	readonly token: string;
	stop(): Promise<void>;
	/** Starts it again on the same port with the same data. */
	start(): Promise<void>;
	/** What a finished reply to `prompt` contains. */
	replyTo(prompt: string): string;
};

const bin = path.resolve('bin/tether.js');

type Result = {code: number; stdout: string; stderr: string};

async function tetherCli(env: NodeJS.ProcessEnv, args: string[]): Promise<Result> {
	try {
		const {stdout, stderr} = await promisify(execFile)(process.execPath, [bin, ...args], {env, timeout: 60_000});
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failed = error as Result;
		return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr};
	}
}

async function environment() {
	const root = await tempDir();
	return {
		root,
		env: {
			...process.env,
			TETHER_CONFIG_DIR: path.join(root, 'config'),
			TETHER_SESSIONS_DIR: path.join(root, 'sessions'),
			TETHER_GATEWAY_URL: '',
			OPENCLAW_GATEWAY_TOKEN: '',
			NO_COLOR: '1',
		},
	};
}

/** A session in this process, over a real link, as the TUI runs it. */
export async function openSession(gateway: GatewayUnderTest, root: string, name: string): Promise<ChatSession> {
	const configDir = path.join(root, 'config');
	const store = await SessionStore.open(path.join(root, 'sessions'), name, 'attach-or-create');
	const policy = {...defaultLinkPolicy, baseDelayMs: 100, maxDelayMs: 500, maxAttempts: 1000, requestTimeoutMs: 30_000};
	const link = new Link({endpoint: async () => ({url: gateway.url, token: gateway.token, device: await deviceCredentials(configDir, gateway.url)}), policy});
	const session = new ChatSession(store, link);
	onCleanup(async () => session.close());
	session.start();
	return session;
}

/** Long enough that its reply streams for a while on both gateways. */
const longPrompt = `please repeat ${Array.from({length: 80}, (_, i) => `word${i}`).join(' ')} the end`;

export function gatewayContract(name: string, gateway: () => GatewayUnderTest, timeoutMs = 60_000): void {
	describe(`${name}: the client scenarios`, {timeout: timeoutMs}, () => {
		it('create, send: the streamed reply is printed and saved with the message', async () => {
			const {root, env} = await environment();
			const g = gateway();
			const sent = await tetherCli(env, ['send', 'contract-send', 'hello contract', '--gateway', g.url, '--token', g.token]);
			expect(sent).toMatchObject({code: 0});
			expect(sent.stdout).toContain(g.replyTo('hello contract'));
			const file = await readSession(path.join(root, 'sessions'), 'contract-send');
			expect(file.messages.map(m => [m.role, m.status])).toEqual([['user', 'sent'], ['assistant', 'final']]);
			expect(file.messages[1]!.text).toContain(g.replyTo('hello contract'));
			expect(file.gateway.sessionKey).toBe('agent:main:contract-send');
		});

		it('a reply streaming when the gateway restarts is completed from history, once', async () => {
			const {root} = await environment();
			const g = gateway();
			const session = await openSession(g, root, 'contract-restart');
			await waitFor(() => session.link.state.kind === 'open', 'connected', 30_000);
			await session.send(longPrompt);
			await waitFor(() => (session.streaming?.text.length ?? 0) > 0, 'the reply starts streaming', 30_000);
			await g.stop();
			await g.start();
			// A real gateway answers the interrupted turn again in a new run; the embedded one re-runs it.
			await waitFor(() => session.messages.some(m => m.role === 'assistant' && m.status === 'final'), 'the reply completes after the restart', timeoutMs - 10_000);
			const replies = session.messages.filter(m => m.role === 'assistant');
			expect(replies.map(m => m.status)).toEqual(['final']);
			expect(replies[0]!.text).toContain(g.replyTo(longPrompt));
			expect(session.messages.filter(m => m.text === longPrompt)).toHaveLength(1);
		});

		it('a message written while the gateway is down is delivered once when it is back', async () => {
			const {root} = await environment();
			const g = gateway();
			await g.stop();
			const session = await openSession(g, root, 'contract-queued');
			await session.send('written while down');
			expect(session.queued).toBe(1);
			await g.start();
			await waitFor(() => session.messages.some(m => m.role === 'assistant' && m.status === 'final'), 'the reply arrives', timeoutMs - 10_000);
			await session.close();
			// Attach again: whatever the gateway's history holds is merged in, so a second turn there would show here.
			const again = await openSession(g, root, 'contract-queued');
			await new Promise(resolve => again.once('synced', resolve));
			await again.close();
			const file = await readSession(path.join(root, 'sessions'), 'contract-queued');
			expect(file.messages.filter(m => m.role === 'user').map(m => [m.text, m.status])).toEqual([['written while down', 'sent']]);
			expect(file.messages.filter(m => m.role === 'assistant')).toHaveLength(1);
		});

		it('a message another client sends shows live before its reply, once, and stays so after a reattach', async () => {
			const g = gateway();
			const [mine, theirs] = [await environment(), await environment()];
			const session = await openSession(g, mine.root, 'contract-shared');
			// Listened for at once: waiting for 'open' first could miss it.
			await new Promise(resolve => session.once('synced', resolve));
			const other = await openSession(g, theirs.root, 'contract-shared');
			await other.send('sent from another client');
			await waitFor(() => session.messages.some(m => m.role === 'assistant' && m.status === 'final'), 'their reply, here', timeoutMs - 10_000);
			expect(session.messages.map(m => [m.role, m.role === 'user' ? m.text : 'reply'])).toEqual([
				['user', 'sent from another client'],
				['assistant', 'reply'],
			]);
			await other.close();
			await session.close();
			const again = await openSession(g, mine.root, 'contract-shared');
			await new Promise(resolve => again.once('synced', resolve));
			expect(again.messages.map(m => m.role)).toEqual(['user', 'assistant']);
			expect(again.fresh.size).toBe(0);
		});

		it('a /word the gateway owns is answered by it, once, and a message starting with a path is an ordinary turn', async () => {
			const g = gateway();
			const {root} = await environment();
			const session = await openSession(g, root, 'contract-commands');
			await waitFor(() => session.link.state.kind === 'open', 'connected', 30_000);
			expect((await session.gatewayCommands()).map(command => command.name)).toContain('status');
			for (const text of ['/status', '/etc/hosts looks wrong']) {
				await session.send(text);
				await waitFor(() => session.messages.filter(m => m.role === 'assistant' && m.status === 'final').length === session.messages.filter(m => m.role === 'user').length, `the answer to ${text}`, timeoutMs - 10_000);
			}

			expect(session.messages.map(m => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
			expect(session.messages[3]!.text).toContain(g.replyTo('/etc/hosts looks wrong'));
			await session.close();
			const again = await openSession(g, root, 'contract-commands');
			await new Promise(resolve => again.once('synced', resolve));
			expect(again.messages).toHaveLength(4);
			expect(again.fresh.size).toBe(0);
		});

		it('ls lists the gateway\'s sessions, local or not', async () => {
			const g = gateway();
			const writer = await environment();
			expect(await tetherCli(writer.env, ['send', 'main', 'hi main', '--gateway', g.url, '--token', g.token])).toMatchObject({code: 0});
			const reader = await environment();
			const listed = await tetherCli(reader.env, ['ls', '--json', '--gateway', g.url, '--token', g.token]);
			expect(listed).toMatchObject({code: 0});
			const parsed = JSON.parse(listed.stdout) as {gateway: Array<{key: string; name: string}>};
			expect(parsed.gateway.map(row => row.key)).toContain('agent:main:main');
		});

		it('a wrong token is a clear error and a non-zero exit, without retrying', async () => {
			const {env} = await environment();
			const g = gateway();
			const result = await tetherCli(env, ['send', 'contract-token', 'hi', '--gateway', g.url, '--token', 'not-the-token']);
			expect(result.code).toBe(1);
			const [created, refused, ...rest] = result.stderr.trim().split('\n');
			expect(created).toBe('tether: new session contract-token');
			expect(refused).toMatch(/^tether: cannot use the gateway: the gateway refused the token \(set it with --token/);
			expect(rest).toEqual([]);
		});
	});
}
