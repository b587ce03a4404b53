import {createPublicKey, verify} from 'node:crypto';
import {readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {validateConnectParams} from '@openclaw/gateway-protocol';
import {describe, expect, it} from 'vitest';
import {deviceCredentials} from '../../source/auth/device-credentials.js';
import {identityFileName, loadOrCreateIdentity} from '../../source/auth/device-identity.js';
import {devicePayloadV3, type DeviceIdentity} from '../../source/protocol/device-auth.js';
import {DeviceTokens, deviceTokensFileName} from '../../source/auth/device-tokens.js';
import {connectParams} from '../../source/protocol/params.js';
import {tempDir, testToken} from '../helpers.js';

const challenge = {nonce: 'nonce-1', ts: 1_795_000_000_000};
const client = {version: '1.2.3', platform: 'Linux'};

/** Checks a `device` block the way a gateway does: the raw public key must verify the v3 payload. */
function verifies(identity: DeviceIdentity, device: {signature: string; signedAt: number; nonce: string}, token: string | undefined): boolean {
	const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(identity.publicKey, 'base64url')]);
	const key = createPublicKey({key: der, format: 'der', type: 'spki'});
	const payload = devicePayloadV3(identity.id, {
		clientId: 'cli',
		clientMode: 'cli',
		role: 'operator',
		scopes: ['operator.read', 'operator.write'],
		signedAt: device.signedAt,
		token,
		nonce: device.nonce,
		platform: client.platform,
	});
	return verify(null, Buffer.from(payload), key, Buffer.from(device.signature, 'base64url'));
}

describe('device identity', () => {
	it('is created once, private, and the same on every later load', async () => {
		const dir = path.join(await tempDir(), 'config');
		const file = path.join(dir, identityFileName);
		const [a, b] = await Promise.all([loadOrCreateIdentity(file), loadOrCreateIdentity(file)]);
		expect(a.id).toBe(b.id);
		expect((await loadOrCreateIdentity(file)).id).toBe(a.id);
		expect(a.id).toMatch(/^[\da-f]{64}$/);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		expect((await stat(dir)).mode & 0o777).toBe(0o700);
	});

	it('refuses a damaged identity file instead of silently replacing it', async () => {
		const file = path.join(await tempDir(), identityFileName);
		await writeFile(file, '{"version":1,"privateKeyPem":');
		await expect(loadOrCreateIdentity(file)).rejects.toThrow(`the device identity in ${file} cannot be read; move it away`);
		expect(await readFile(file, 'utf8')).toBe('{"version":1,"privateKeyPem":');
	});
});

describe('connect params', () => {
	it('pass the protocol package validator and carry a signature over the challenge and the token', async () => {
		const device = await loadOrCreateIdentity(path.join(await tempDir(), identityFileName));
		const params = connectParams({token: testToken, device}, challenge, client);
		expect(validateConnectParams(params)).toBe(true);
		expect(params).toMatchObject({minProtocol: 4, maxProtocol: 4, role: 'operator', scopes: ['operator.read', 'operator.write'], auth: {token: testToken}});
		expect(params.device).toMatchObject({id: device.id, nonce: 'nonce-1', signedAt: challenge.ts});
		expect(verifies(device, params.device!, testToken)).toBe(true);
		expect(verifies(device, {...params.device!, nonce: 'another'}, testToken)).toBe(false);
	});

	it('use the shared token when there is one, else the token issued to the device', async () => {
		const device = await loadOrCreateIdentity(path.join(await tempDir(), identityFileName));
		expect(connectParams({token: testToken, deviceToken: 'issued', device}, challenge, client).auth).toEqual({token: testToken});
		const withIssued = connectParams({deviceToken: 'issued', device}, challenge, client);
		expect(withIssued.auth).toEqual({token: 'issued', deviceToken: 'issued'});
		expect(verifies(device, withIssued.device!, 'issued')).toBe(true);
		const bare = connectParams({}, challenge, client);
		expect(validateConnectParams(bare)).toBe(true);
		expect(bare).not.toHaveProperty('auth');
		expect(bare).not.toHaveProperty('device');
	});
});

describe('device tokens', () => {
	it('are kept per gateway origin and device in a private file, and can be forgotten', async () => {
		const file = path.join(await tempDir(), deviceTokensFileName);
		const tokens = new DeviceTokens(file);
		const entry = {deviceId: 'dev-1', token: 'issued-1', role: 'operator', scopes: ['operator.read'], issuedAt: '2026-11-25T00:00:00.000Z'};
		await tokens.save('wss://gw.example:443/path', entry);
		expect(await tokens.get('wss://gw.example:443/other', 'dev-1')).toBe('issued-1');
		expect(await tokens.get('wss://gw.example:443', 'dev-2')).toBeUndefined();
		expect(await tokens.get('ws://127.0.0.1:18789', 'dev-1')).toBeUndefined();
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		await tokens.forget('wss://gw.example:443');
		expect(await tokens.get('wss://gw.example:443', 'dev-1')).toBeUndefined();
	});

	it('are stored when a gateway issues one and read back for the next connect', async () => {
		const dir = await tempDir();
		const first = await deviceCredentials(dir, 'ws://127.0.0.1:1');
		expect(first.issuedToken).toBeUndefined();
		await first.remember({token: 'issued-2', role: 'operator', scopes: ['operator.read', 'operator.write']});
		const second = await deviceCredentials(dir, 'ws://127.0.0.1:1');
		expect(second.identity.id).toBe(first.identity.id);
		expect(second.issuedToken).toBe('issued-2');
		await second.remember(undefined);
		expect((await deviceCredentials(dir, 'ws://127.0.0.1:1')).issuedToken).toBeUndefined();
	});
});
