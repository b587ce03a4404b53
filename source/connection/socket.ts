/** Opening the WebSocket to a gateway, with the TLS trust a user expects from a terminal tool. */
import type {IncomingMessage} from 'node:http';
import tls, {type TLSSocket} from 'node:tls';
import {WebSocket} from 'ws';
import type {LinkPolicy} from './policy.js';

/** `AB:CD:…`, `abcd…` and `sha256/AB…` all name the same certificate. */
export function normalizeFingerprint(fingerprint: string): string {
	return fingerprint.replace(/^sha-?256[:/]/i, '').replaceAll(':', '').toUpperCase();
}

export function openSocket(url: string, policy: LinkPolicy, tlsFingerprint?: string): WebSocket {
	// No handshakeTimeout: the link's own deadline (connectTimeoutMs) covers the upgrade and the handshake, and knows a timeout from a refusal.
	const common = {maxPayload: policy.maxPayloadBytes};
	if (!url.startsWith('wss:')) {
		return new WebSocket(url, common);
	}

	if (tlsFingerprint === undefined) {
		// The system store as well as Node's bundled one, so a company CA installed on the machine is trusted.
		return new WebSocket(url, {...common, ca: trustedCertificates()});
	}

	// A pinned self-signed certificate: the chain cannot verify, the fingerprint must match before anything is sent.
	const socket = new WebSocket(url, {...common, rejectUnauthorized: false});
	socket.once('upgrade', (response: IncomingMessage) => {
		const actual = (response.socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '';
		if (normalizeFingerprint(actual) !== normalizeFingerprint(tlsFingerprint)) {
			socket.emit('error', new CertificateMismatch(`the gateway's certificate (SHA-256 ${actual || 'none'}) does not match --tls-fingerprint`));
			socket.terminate();
		}
	});
	return socket;
}

export class CertificateMismatch extends Error {}

function trustedCertificates(): string[] {
	// getCACertificates arrived in Node 22.15; before it only the bundled store is known.
	return tls.getCACertificates ? [...new Set([...tls.getCACertificates('default'), ...tls.getCACertificates('system')])] : [...tls.rootCertificates];
}
