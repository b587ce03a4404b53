/** Errors of the link, as values the session and the CLI can branch on. */
import type {ErrorShape} from '../protocol/frames.js';
import {TetherError} from '../errors.js';

/** The gateway answered a request with an error. */
export class GatewayRequestError extends TetherError {
	readonly code: string;
	readonly detailCode: string | undefined;
	readonly retryAfterMs: number | undefined;

	constructor(method: string, readonly shape: ErrorShape) {
		super(`${method} failed: ${shape.message}`);
		this.code = shape.code;
		this.detailCode = typeof shape.details?.code === 'string' ? shape.details.code : undefined;
		this.retryAfterMs = shape.retryAfterMs;
	}
}

/** The endpoint must not be used as configured (for example a token over plaintext to a remote host). */
export class EndpointRefused extends TetherError {}

/**
 * The endpoint is not there yet (the embedded gateway did not start): retried as a lost connection, and while
 * waiting the link knocks on `url`, so a gateway started meanwhile (by hand, or by another client) is noticed
 * the moment it listens.
 */
export class EndpointUnavailable extends TetherError {
	constructor(message: string, readonly url: string) {
		super(message);
	}
}

/** A request could not complete because the link is down or went down meanwhile. */
export class LinkDown extends TetherError {}

/** Connect errors that retrying cannot fix; the link stops and says why. */
const fatalCodes = new Set(['AUTH_TOKEN_MISMATCH', 'PROTOCOL_MISMATCH', 'DEVICE_IDENTITY_REQUIRED', 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED']);

export function isFatalConnectError(error: GatewayRequestError): boolean {
	return fatalCodes.has(error.detailCode ?? '') || error.code === 'NOT_PAIRED';
}

export function describeConnectError(error: GatewayRequestError): string {
	switch (error.detailCode) {
		case 'AUTH_TOKEN_MISMATCH': {
			return 'the gateway refused the token (set it with --token, OPENCLAW_GATEWAY_TOKEN or `tether config set gateway.token`)';
		}

		case 'PROTOCOL_MISMATCH': {
			return 'the gateway speaks another protocol version than Tether (4)';
		}

		case 'AUTH_DEVICE_TOKEN_MISMATCH': {
			return 'the gateway no longer accepts this device\'s token; trying again without it';
		}

		case 'DEVICE_IDENTITY_REQUIRED': {
			return 'the gateway wants a token or a paired device (set one with --token)';
		}

		default: {
			return error.shape.message;
		}
	}
}
