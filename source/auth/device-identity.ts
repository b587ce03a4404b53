/**
 * The Ed25519 identity this machine presents to OpenClaw gateways. Created on first use and kept in the config
 * directory (0600): a gateway pairs the device once, then knows it by the key, not by the shared token.
 */
import {createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject} from 'node:crypto';
import {z} from 'zod';
import type {DeviceIdentity} from '../protocol/device-auth.js';
import {check} from '../protocol/frames.js';
import {EndpointRefused} from '../connection/errors.js';
import {createPrivateJson, readPrivateJson} from './private-file.js';

const storedIdentitySchema = z.object({version: z.literal(1), privateKeyPem: z.string().min(1)});

export const identityFileName = 'device-identity.json';

/** Loads the identity from `file`, creating it if there is none yet (two processes starting at once agree on one). */
export async function loadOrCreateIdentity(file: string): Promise<DeviceIdentity> {
	for (let attempt = 0; attempt < 2; attempt++) {
		const parsed = check(storedIdentitySchema, await readPrivateJson(file), `device identity in ${file}`);
		if (parsed.ok) {
			return identityFrom(createPrivateKey(parsed.value.privateKeyPem));
		}

		const {privateKey} = generateKeyPairSync('ed25519');
		const stored = {version: 1, privateKeyPem: privateKey.export({type: 'pkcs8', format: 'pem'}).toString()};
		if (await createPrivateJson(file, stored)) {
			return identityFrom(privateKey);
		}
	}

	throw new DamagedIdentity(`the device identity in ${file} cannot be read; move it away and Tether creates a new one (the gateway will ask to pair again)`);
}

/** Fatal for the link: retrying cannot repair the file. */
export class DamagedIdentity extends EndpointRefused {}

function identityFrom(privateKey: KeyObject): DeviceIdentity {
	const jwk = createPublicKey(privateKey).export({format: 'jwk'});
	const raw = Buffer.from(jwk.x ?? '', 'base64url');
	return {id: createHash('sha256').update(raw).digest('hex'), publicKey: raw.toString('base64url'), privateKey};
}
