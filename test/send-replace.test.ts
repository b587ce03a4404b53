/**
 * `tether send` when the gateway revises text it already streamed (a `chat` delta with `replace: true`): a
 * proxy on loopback between the client and the embedded gateway puts a draft before each reply's first delta
 * and then a replace delta back to the real text, as an OpenClaw gateway may.
 */
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {WebSocket, WebSocketServer, type RawData} from 'ws';
import {readSession} from '../source/store/session-store.js';
import {wordyAgent} from './fault/agents.js';
import {onCleanup, tempDir, testGateway, testToken} from './helpers.js';

const bin = path.resolve('bin/tether.js');
const draft = 'A draft the gateway takes back. ';

type Frame = {type: string; event?: string; seq?: number; payload?: {runId?: string; state?: string; message?: {content?: unknown}}};

/** Forwards frames both ways; before a run's first delta it sends a draft delta, then replaces the draft with the real text. */
async function revisingProxy(upstreamUrl: string): Promise<string> {
	const server = new WebSocketServer({host: '127.0.0.1', port: 0});
	await new Promise(resolve => server.once('listening', resolve));
	onCleanup(async () => new Promise<void>(resolve => server.close(() => resolve())));
	server.on('connection', client => {
		const upstream = new WebSocket(upstreamUrl);
		const early: RawData[] = [];
		const revised = new Set<string>();
		// The per-connection event seq must stay gap-free with frames added, or the client reloads history.
		let seq = 0;
		const toClient = (frame: Frame) => client.send(JSON.stringify(frame.type === 'event' && frame.seq !== undefined ? {...frame, seq: ++seq} : frame));
		client.on('message', data => (upstream.readyState === WebSocket.OPEN ? upstream.send(data.toString()) : early.push(data)));
		upstream.on('open', () => early.splice(0).forEach(data => upstream.send(data.toString())));
		upstream.on('message', data => {
			const frame = JSON.parse(data.toString()) as Frame;
			const payload = frame.payload;
			if (frame.event === 'chat' && payload?.state === 'delta' && payload.runId && !revised.has(payload.runId)) {
				revised.add(payload.runId);
				const real = (payload.message!.content as Array<{text: string}>)[0]!.text;
				toClient({...frame, payload: {...payload, deltaText: draft, message: {...payload.message, content: [{type: 'text', text: draft}]}}} as Frame);
				toClient({...frame, payload: {...payload, deltaText: real, replace: true}} as Frame);
				return;
			}

			toClient(frame);
		});
		client.on('close', () => upstream.close());
		upstream.on('close', () => client.close());
		upstream.on('error', () => client.terminate());
	});
	return `ws://127.0.0.1:${(server.address() as {port: number}).port}`;
}

describe('tether send when the gateway replaces streamed text', () => {
	it('prints exactly the final reply to a pipe, the one it saves', async () => {
		const root = await tempDir();
		const gateway = await testGateway({dataDir: await tempDir(), agent: wordyAgent(30, 2)});
		const env = {
			...process.env,
			TETHER_CONFIG_DIR: path.join(root, 'config'),
			TETHER_SESSIONS_DIR: path.join(root, 'sessions'),
			TETHER_GATEWAY_URL: await revisingProxy(gateway.url),
			OPENCLAW_GATEWAY_TOKEN: testToken,
			NO_COLOR: '1',
		};
		const {stdout} = await promisify(execFile)(process.execPath, [bin, 'send', 'revised', 'w'], {env, timeout: 15_000});
		const final = Array.from({length: 30}, (_, index) => `${index === 0 ? '' : ' '}w#${index}`).join('');
		expect(stdout).toBe(`${final}\n`);
		const reply = (await readSession(env.TETHER_SESSIONS_DIR, 'revised')).messages.find(message => message.role === 'assistant');
		expect(reply?.text).toBe(final);
	});
});
