/**
 * A connect error that asks for this device to be approved. Apart from errors.ts because reading its details
 * loads the gateway protocol package, which every command that names an error would otherwise load at start
 * (a reattach's first screen waited ~10 ms for it).
 */
import {readPairingConnectErrorDetails} from '@openclaw/gateway-protocol/connect-error-details';
import type {GatewayRequestError} from './errors.js';

export type PairingRequest = {requestId: string | undefined; message: string};

/** A gateway that wants this device approved says so with PAIRING_REQUIRED and the id of the request it opened. */
export function pairingRequest(error: GatewayRequestError): PairingRequest | undefined {
	const details = readPairingConnectErrorDetails(error.shape.details);
	if (!details) {
		return undefined;
	}

	const approve = details.requestId ? `openclaw devices approve ${details.requestId}` : 'openclaw devices list, then openclaw devices approve <requestId>';
	return {requestId: details.requestId, message: `waiting for the gateway to approve this device: run \`${approve}\` on the gateway host`};
}
