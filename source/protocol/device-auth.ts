/**
 * How a device proves itself in `connect`: the identity's shape, the string a v3 signature covers and the signed
 * `device` block (OpenClaw's `buildDeviceAuthPayloadV3`). auth/device-identity.ts keeps the identity on disk.
 */
import {sign, type KeyObject} from 'node:crypto';

export type DeviceIdentity = {
	/** Hex SHA-256 of the raw public key, as the gateway derives it. */
	readonly id: string;
	/** The raw 32-byte public key, base64url. */
	readonly publicKey: string;
	readonly privateKey: KeyObject;
};

export type SignedFields = {
	clientId: string;
	clientMode: string;
	role: string;
	scopes: readonly string[];
	signedAt: number;
	/** The token sent in `auth.token`, if any. */
	token: string | undefined;
	nonce: string;
	platform: string;
	deviceFamily?: string;
};

/** The string a v3 device signature covers (OpenClaw's `buildDeviceAuthPayloadV3`). */
export function devicePayloadV3(deviceId: string, fields: SignedFields): string {
	return [
		'v3',
		deviceId,
		fields.clientId,
		fields.clientMode,
		fields.role,
		fields.scopes.join(','),
		String(fields.signedAt),
		fields.token ?? '',
		fields.nonce,
		fields.platform.trim().toLowerCase(),
		(fields.deviceFamily ?? '').trim().toLowerCase(),
	].join('|');
}

/** The `device` block of connect params: the challenge, signed. */
export function signChallenge(identity: DeviceIdentity, fields: SignedFields) {
	const signature = sign(null, Buffer.from(devicePayloadV3(identity.id, fields)), identity.privateKey).toString('base64url');
	return {id: identity.id, publicKey: identity.publicKey, signature, signedAt: fields.signedAt, nonce: fields.nonce};
}
