/** Builders for test data: short to read, complete by default. */
import type {ChatEvent, HistoryRow} from '../source/protocol/payloads.js';
import type {Message} from '../source/session/message.js';

let counter = 0;
export const ids = () => `id-${++counter}`;

export function userMessage(text: string, overrides: Partial<Message> = {}): Message {
	const key = overrides.idempotencyKey ?? `key-${text}`;
	return {id: `local-${text}`, role: 'user', text, at: '2026-11-24T10:00:00.000Z', status: 'sent', idempotencyKey: key, ...overrides};
}

export function reply(runId: string, text: string, overrides: Partial<Message> = {}): Message {
	return {id: `local-reply-${runId}`, role: 'assistant', text, at: '2026-11-24T10:00:01.000Z', status: 'final', runId, ...overrides};
}

/** A user row as a real OpenClaw gateway stores it (key with a `:user` suffix). */
export function userRow(text: string, key = `key-${text}`, serverId = `srv-${text}`): HistoryRow {
	return {role: 'user', content: text, timestamp: 1000, idempotencyKey: `${key}:user`, __openclaw: {id: serverId, idempotencyKey: `${key}:user`}};
}

export function assistantRow(runId: string, text: string, serverId = `srv-reply-${runId}`): HistoryRow {
	return {role: 'assistant', content: [{type: 'text', text}], timestamp: 2000, __openclaw: {id: serverId, runId}};
}

export function chatEvent(runId: string, state: ChatEvent['state'], fields: Partial<ChatEvent> = {}): ChatEvent {
	return {runId, sessionKey: 'agent:main:test', state, ...fields};
}

export const snapshot = (text: string) => ({role: 'assistant', content: [{type: 'text', text}]});
