/**
 * Request params Tether sends, typed by the published `@openclaw/gateway-protocol` package (types only: its
 * validators cost a TypeBox compile at load, so only the embedded gateway and the tests import them).
 */
import type {ChatAbortParams, ChatHistoryParams, ConnectParams, SessionsListParams} from '@openclaw/gateway-protocol';
import {signChallenge, type DeviceIdentity} from './device-auth.js';
import {PROTOCOL_VERSION} from './frames.js';

export type {ChatAbortParams, ChatHistoryParams, SessionsListParams};
/** An attachment as `chat.send` takes it (FINDINGS (g): `content` is base64; per-file limits in hello-ok `policy.attachments`). */
export type ChatAttachmentParam = {type: 'image' | 'file'; mimeType: string; fileName: string; content: string; origin: 'file'; sizeBytes: number};
export type ChatSendParams = {sessionKey: string; message: string; idempotencyKey: string; attachments?: ChatAttachmentParam[]};

/** A third-party terminal client: `openclaw-tui`/`ui` would be held to the Control UI's rules. */
export const CLIENT_ID = 'cli';
export const CLIENT_MODE = 'cli';
export const OPERATOR_ROLE = 'operator';
export const OPERATOR_SCOPES = ['operator.read', 'operator.write'];
/**
 * `tool-events`: without it a gateway sends no `agent` tool events to this connection, so tool calls would show
 * only after the run (dist/chat-send-handler: `registerToolEventRecipient` only for clients with this cap).
 */
export const CLIENT_CAPS = ['tool-events'];
/** Asked for only when the user wants to answer exec approvals (config `gateway.approvals`): a paired device may have to be approved again for a scope it did not have. */
export const APPROVAL_SCOPE = 'operator.approvals';
/** Without it a gateway does not deliver `exec.approval.requested` to an operator client (dist/server-request-context: canDeliverApprovals). */
export const APPROVAL_CAP = 'exec-approvals';

export type Credentials = {
	/** The gateway's shared token. */
	token?: string;
	/** A token the gateway issued to this device earlier; used when there is no shared token. */
	deviceToken?: string;
	device?: DeviceIdentity;
};

export type Challenge = {nonce: string; ts: number};

/** The `connect` request for a challenge, choosing and signing credentials the way OpenClaw's own client does. */
export function connectParams(credentials: Credentials, challenge: Challenge, client: {version: string; platform: string; approvals?: boolean}): ConnectParams {
	const scopes = client.approvals ? [...OPERATOR_SCOPES, APPROVAL_SCOPE] : OPERATOR_SCOPES;
	const caps = client.approvals ? [...CLIENT_CAPS, APPROVAL_CAP] : CLIENT_CAPS;
	const deviceToken = credentials.token ? undefined : credentials.deviceToken;
	const token = credentials.token ?? deviceToken;
	const auth = {...(token && {token}), ...(deviceToken && {deviceToken})};
	const device =
		credentials.device &&
		signChallenge(credentials.device, {
			clientId: CLIENT_ID,
			clientMode: CLIENT_MODE,
			role: OPERATOR_ROLE,
			scopes,
			signedAt: challenge.ts,
			token,
			nonce: challenge.nonce,
			platform: client.platform,
		});
	return {
		minProtocol: PROTOCOL_VERSION,
		maxProtocol: PROTOCOL_VERSION,
		client: {id: CLIENT_ID, version: client.version, platform: client.platform, mode: CLIENT_MODE},
		role: OPERATOR_ROLE,
		scopes,
		caps,
		...(token && {auth}),
		...(device && {device}),
	};
}
