/** The OpenClaw handshake against a scripted gateway: device tokens, pairing, and pinned TLS certificates. */
import {execFile} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {createServer as createHttpsServer} from 'node:https';
import path from 'node:path';
import {promisify} from 'node:util';
import {buildPairingConnectErrorDetails} from '@openclaw/gateway-protocol/connect-error-details';
import type {ConnectParams} from '@openclaw/gateway-protocol';
import {describe, expect, it} from 'vitest';
import {WebSocketServer, type WebSocket} from 'ws';
import {deviceCredentials} from '../../source/auth/device-credentials.js';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';
import {onCleanup, patience, tempDir, testToken, waitFor} from '../helpers.js';

type ConnectAnswer = {ok: true; deviceToken?: string} | {ok: false; error: {code: string; message: string; details?: unknown}};

/** A gateway that only shakes hands: challenge, then `answer` to every connect; records what clients sent. */
async function scriptedGateway(answer: (params: ConnectParams) => ConnectAnswer, tls?: {key: Buffer; cert: Buffer}) {
	const connects: ConnectParams[] = [];
	const https = tls && createHttpsServer(tls);
	const server = https ? new WebSocketServer({server: https}) : new WebSocketServer({host: '127.0.0.1', port: 0});
	await new Promise<void>(resolve => (https ? https.listen(0, '127.0.0.1', resolve) : server.once('listening', resolve)));
	server.on('connection', (socket: WebSocket) => {
		socket.send(JSON.stringify({type: 'event', event: 'connect.challenge', payload: {nonce: `nonce-${connects.length}`, ts: Date.now()}}));
		socket.on('message', data => {
			const frame = JSON.parse(String(data)) as {id: string; method: string; params: ConnectParams};
			if (frame.method !== 'connect') {
				return;
			}

			connects.push(frame.params);
			const result = answer(frame.params);
			socket.send(JSON.stringify(result.ok
				? {type: 'res', id: frame.id, ok: true, payload: {
					type: 'hello-ok',
					protocol: 4,
					server: {version: 'scripted', connId: 'c1'},
					auth: {role: 'operator', scopes: ['operator.read', 'operator.write'], ...(result.deviceToken && {deviceToken: result.deviceToken})},
					policy: {maxPayload: 1_000_000, maxBufferedBytes: 1_000_000, tickIntervalMs: 30_000},
				}}
				: {type: 'res', id: frame.id, ok: false, error: result.error}));
		});
	});
	const address = (https ?? server).address() as {port: number};
	onCleanup(async () => {
		for (const client of server.clients) {
			client.terminate();
		}

		await new Promise(resolve => server.close(resolve));
		await new Promise(resolve => (https ? https.close(resolve) : resolve(undefined)));
	});
	return {url: `${tls ? 'wss' : 'ws'}://127.0.0.1:${address.port}`, connects};
}

const policy = {...defaultLinkPolicy, baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 3};

async function linkTo(url: string, configDir: string, options: {token?: string; tlsFingerprint?: string} = {}) {
	const link = new Link({endpoint: async () => ({url, ...options, device: await deviceCredentials(configDir, url)}), policy});
	onCleanup(() => link.stop());
	link.start();
	return link;
}

describe('device tokens', () => {
	it('keeps the token the gateway issues and connects with it, without the shared token, next time', async () => {
		const gateway = await scriptedGateway(params => (params.auth?.token === testToken || params.auth?.deviceToken === 'issued-1' ? {ok: true, deviceToken: 'issued-1'} : {ok: false, error: {code: 'INVALID_REQUEST', message: 'unauthorized', details: {code: 'AUTH_TOKEN_MISMATCH'}}}));
		const config = await tempDir();
		const first = await linkTo(gateway.url, config, {token: testToken});
		await waitFor(() => first.state.kind === 'open', 'connected with the shared token');
		first.stop();

		const second = await linkTo(gateway.url, config);
		await waitFor(() => second.state.kind === 'open', 'connected with the issued device token');
		expect(gateway.connects[1]?.auth).toEqual({token: 'issued-1', deviceToken: 'issued-1'});
		expect(gateway.connects[1]?.device?.id).toBe(gateway.connects[0]?.device?.id);
		expect(JSON.stringify(gateway.connects)).not.toContain('privateKey');
	});

	it('stops for good on a wrong shared token and says so', async () => {
		const gateway = await scriptedGateway(() => ({ok: false, error: {code: 'INVALID_REQUEST', message: 'unauthorized: gateway token mismatch', details: {code: 'AUTH_TOKEN_MISMATCH'}}}));
		const link = await linkTo(gateway.url, await tempDir(), {token: 'wrong'});
		await waitFor(() => link.state.kind === 'failed', 'the link gives up');
		expect(link.state).toMatchObject({code: 'AUTH_TOKEN_MISMATCH', lastError: expect.stringContaining('the gateway refused the token') as string});
		expect(gateway.connects).toHaveLength(1);
	});
});

describe('pairing', () => {
	const pairingRequired = () => ({ok: false as const, error: {code: 'NOT_PAIRED', message: 'pairing required', details: buildPairingConnectErrorDetails({requestId: 'req-7f3a', reason: 'not-paired'})}});

	it('names the request and the approve command, and asks again only slowly', async () => {
		const gateway = await scriptedGateway(pairingRequired);
		const link = await linkTo(gateway.url, await tempDir(), {token: testToken});
		const requests: string[] = [];
		link.on('pairing', request => requests.push(request.message));
		await waitFor(() => requests.length > 0, 'a pairing request');
		expect(requests[0]).toBe('waiting for the gateway to approve this device: run `openclaw devices approve req-7f3a` on the gateway host');
		await new Promise(resolve => setTimeout(resolve, 500));
		expect(gateway.connects).toHaveLength(1);
		expect(link.state.kind).toBe('backoff');
	});

	it('makes `tether send` exit non-zero with the approve command, keeping the message', async () => {
		const gateway = await scriptedGateway(pairingRequired);
		const root = await tempDir();
		const env = {...process.env, TETHER_CONFIG_DIR: path.join(root, 'config'), TETHER_SESSIONS_DIR: path.join(root, 'sessions'), NO_COLOR: '1'};
		const failed = await promisify(execFile)(process.execPath, [path.resolve('bin/tether.js'), 'send', 'work', 'hello', '--gateway', gateway.url, '--token', testToken], {env, timeout: patience}).catch((error: unknown) => error as {code: number; stderr: string});
		expect(failed).toMatchObject({code: 1});
		expect((failed as {stderr: string}).stderr.trim()).toBe('tether: new session work\ntether: waiting for the gateway to approve this device: run `openclaw devices approve req-7f3a` on the gateway host; the message is saved and will be sent once the device is approved');
		const saved = JSON.parse(await readFile(path.join(root, 'sessions', 'work.json'), 'utf8')) as {messages: Array<{text: string; status: string}>};
		expect(saved.messages).toMatchObject([{text: 'hello', status: 'queued'}]);
	});
});

describe('a self-signed gateway certificate', async () => {
	const tls = {key: await readFile('test/fixtures/tls/key.pem'), cert: await readFile('test/fixtures/tls/cert.pem')};
	const fingerprint = '64:35:28:32:BE:92:8B:6B:38:B4:FE:3D:55:97:E8:53:8A:91:3F:BD:2D:16:85:2C:F2:35:F0:4E:BC:01:30:7A';

	it('is trusted when pinned by its SHA-256 fingerprint, in any common spelling', async () => {
		const gateway = await scriptedGateway(() => ({ok: true}), tls);
		const link = await linkTo(gateway.url, await tempDir(), {token: testToken, tlsFingerprint: `sha256/${fingerprint.replaceAll(':', '').toLowerCase()}`});
		await waitFor(() => link.state.kind === 'open', 'connected over wss');
	});

	it('is refused, before the token is sent, when the fingerprint differs', async () => {
		const gateway = await scriptedGateway(() => ({ok: true}), tls);
		const link = await linkTo(gateway.url, await tempDir(), {token: testToken, tlsFingerprint: fingerprint.replace('64:35', '00:00')});
		await waitFor(() => link.state.kind === 'failed', 'the link refuses the gateway');
		expect(link.state).toMatchObject({code: 'TLS_FINGERPRINT_MISMATCH', lastError: expect.stringContaining('does not match --tls-fingerprint') as string});
		expect(gateway.connects).toEqual([]);
	});

	it('is not trusted without a pin', async () => {
		const gateway = await scriptedGateway(() => ({ok: true}), tls);
		const link = await linkTo(gateway.url, await tempDir(), {token: testToken});
		await waitFor(() => link.state.kind !== 'connecting' && 'lastError' in link.state && link.state.lastError !== undefined, 'a failed attempt');
		expect(JSON.stringify(link.state)).toContain('self-signed certificate');
		expect(gateway.connects).toEqual([]);
	});
});
