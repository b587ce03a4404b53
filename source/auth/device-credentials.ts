/** This machine's device identity and the token a given gateway issued to it, read fresh for every connect. */
import path from 'node:path';
import type {DeviceCredentials} from '../connection/link.js';
import {identityFileName, loadOrCreateIdentity} from './device-identity.js';
import {DeviceTokens, deviceTokensFileName} from './device-tokens.js';

export async function deviceCredentials(configDir: string, url: string): Promise<DeviceCredentials> {
	const identity = await loadOrCreateIdentity(path.join(configDir, identityFileName));
	const tokens = new DeviceTokens(path.join(configDir, deviceTokensFileName));
	return {
		identity,
		issuedToken: await tokens.get(url, identity.id),
		async remember(issued) {
			await (issued ? tokens.save(url, {deviceId: identity.id, ...issued, issuedAt: new Date().toISOString()}) : tokens.forget(url));
		},
	};
}
