/** The embedded gateway's answers to requests after the handshake: params validated as a real gateway's, then the chat service asked. */
import {
	formatValidationErrors,
	validateAgentsListParams,
	validateChatAbortParams,
	validateChatHistoryParams,
	validateChatSendParams,
	validateCommandsListParams,
	validateModelsListParams,
	validateSessionsListParams,
	validateSessionsMessagesSubscribeParams,
	validateSessionsMessagesUnsubscribeParams,
	validateSessionsPatchParams,
} from '@openclaw/gateway-protocol';
import type {RequestFrame} from '../protocol/frames.js';
import {agentsList, InvalidRequest, modelsList} from './catalog.js';
import {canonicalKey, type ChatService} from './chat.js';
import {commandsList} from './commands.js';
import {HistoryDamaged} from './history.js';

/** The methods answered here (hello-ok `features.methods`); any other is refused as a real gateway refuses it. */
export const methods = [
	'chat.send',
	'chat.history',
	'chat.abort',
	'sessions.list',
	'sessions.subscribe',
	'sessions.messages.subscribe',
	'sessions.messages.unsubscribe',
	'sessions.patch',
	'commands.list',
	'models.list',
	'agents.list',
];

/** `sessions.patch` fields this gateway sets; a real one takes more (FINDINGS (e)), each refused here by name. */
const patchableFields = new Set(['key', 'agentId', 'model', 'label']);

/** A refusal as the protocol shapes it: `{code, message, details?}`. */
export class GatewayError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly details?: Record<string, unknown>,
		/** Whether sending the same request later may succeed; by default only UNAVAILABLE may. */
		readonly retryable = code === 'UNAVAILABLE',
	) {
		super(message);
	}
}

/**
 * Any failure as a protocol error: refusals keep their code; a damaged history file is UNAVAILABLE until a person
 * repairs it (not retryable); anything else unexpected (a failed write among them) is UNAVAILABLE (retryable).
 */
export function asGatewayError(error: unknown): GatewayError {
	if (error instanceof GatewayError) {
		return error;
	}

	if (error instanceof InvalidRequest) {
		return new GatewayError('INVALID_REQUEST', error.message);
	}

	if (error instanceof HistoryDamaged) {
		return new GatewayError('UNAVAILABLE', error.message, undefined, false);
	}

	return new GatewayError('UNAVAILABLE', error instanceof Error ? error.message : String(error));
}

/** The protocol's bound on a session key (ChatSendParams.sessionKey maxLength), for every method that takes one. */
export const maxSessionKeyLength = 512;

/**
 * A session key as given, or INVALID_REQUEST: empty, longer than maxSessionKeyLength characters, or holding
 * control characters (which no file name, log line or terminal should receive).
 */
export function sessionKey(key: string): string {
	if (key.length === 0 || key.length > maxSessionKeyLength) {
		throw new GatewayError('INVALID_REQUEST', `invalid session key: it must have 1 to ${maxSessionKeyLength} characters, not ${key.length}`);
	}

	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001F\u007F-\u009F]/.test(key)) {
		throw new GatewayError('INVALID_REQUEST', 'invalid session key: it holds control characters');
	}

	return key;
}

/**
 * Answers one request; `messagesOf` is the connection's set of sessions it gets `session.message` events for.
 * Throws GatewayError (or InvalidRequest) for a request to refuse.
 */
export async function handleRequest(frame: RequestFrame, chat: ChatService, messagesOf: Set<string>): Promise<unknown> {
	switch (frame.method) {
		case 'chat.send': {
			const params = valid(validateChatSendParams, frame.params, 'chat.send params');
			return chat.send(sessionKey(params.sessionKey), params.message, params.idempotencyKey, params.suppressCommandInterpretation === true);
		}

		case 'chat.history': {
			const params = valid(validateChatHistoryParams, frame.params, 'chat.history params');
			const key = sessionKey(params.sessionKey);
			return params.cursor === undefined ? chat.chatHistory(key, params.limit, params.offset) : chat.historySince(key, params.cursor);
		}

		case 'chat.abort': {
			const params = valid(validateChatAbortParams, frame.params, 'chat.abort params');
			return chat.abort(sessionKey(params.sessionKey), params.runId);
		}

		case 'sessions.list': {
			return chat.listSessions(valid(validateSessionsListParams, frame.params ?? {}, 'sessions.list params').limit);
		}

		case 'sessions.subscribe': {
			return {subscribed: true};
		}

		// FINDINGS (c): `{key}` → `{subscribed: true, key}` (the canonical key); then `session.message` per new row.
		case 'sessions.messages.subscribe': {
			const key = canonicalKey(sessionKey(valid(validateSessionsMessagesSubscribeParams, frame.params, 'sessions.messages.subscribe params').key));
			messagesOf.add(key);
			return {subscribed: true, key};
		}

		case 'sessions.messages.unsubscribe': {
			const key = canonicalKey(sessionKey(valid(validateSessionsMessagesUnsubscribeParams, frame.params, 'sessions.messages.unsubscribe params').key));
			messagesOf.delete(key);
			return {subscribed: false, key};
		}

		case 'sessions.patch': {
			const params = valid(validateSessionsPatchParams, frame.params, 'sessions.patch params');
			const unsupported = Object.keys(params).filter(field => !patchableFields.has(field));
			if (unsupported.length > 0) {
				throw new GatewayError('INVALID_REQUEST', `this gateway cannot set ${unsupported.join(', ')} (it sets model and label)`);
			}

			return chat.patchSession(sessionKey(params.key), params);
		}

		case 'commands.list': {
			valid(validateCommandsListParams, frame.params ?? {}, 'commands.list params');
			return commandsList();
		}

		case 'models.list': {
			valid(validateModelsListParams, frame.params ?? {}, 'models.list params');
			return modelsList(chat.model);
		}

		case 'agents.list': {
			valid(validateAgentsListParams, frame.params ?? {}, 'agents.list params');
			return agentsList();
		}

		default: {
			throw new GatewayError('FORBIDDEN', 'missing scope: operator.admin', {code: 'MISSING_SCOPE', missingScope: 'operator.admin'});
		}
	}
}

/** One of the protocol package's compiled validators: a type guard that keeps its last errors. */
type Validator<T> = ((value: unknown) => value is T) & {errors?: Parameters<typeof formatValidationErrors>[0]};

export function valid<T>(validator: Validator<T>, value: unknown, what: string): T {
	if (!validator(value)) {
		throw new GatewayError('INVALID_REQUEST', `invalid ${what}: ${formatValidationErrors(validator.errors)}`);
	}

	return value;
}
