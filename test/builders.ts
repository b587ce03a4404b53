/** Builders for test data: short to read, complete by default. */
import type {ChatEvent, HistoryRow} from '../source/protocol/payloads.js';
import type {Message} from '../source/model/message.js';

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

/** An assistant row that calls a tool, as the agent stores it (a `toolCall` block; the run id on the row). */
export function toolCallRow(runId: string, call: {id: string; name: string; arguments?: unknown}, serverId = `srv-call-${call.id}`, before: HistoryRow['content'] = []): HistoryRow {
	const blocks = typeof before === 'string' ? [{type: 'text', text: before}] : (before ?? []);
	return {role: 'assistant', content: [...blocks, {type: 'toolCall', ...call}], timestamp: 1500, __openclaw: {id: serverId, runId}};
}

/** The row a tool's result is stored as, answering `toolCallId`. */
export function toolResultRow(runId: string | undefined, toolCallId: string, text: string, options: {isError?: boolean; serverId?: string} = {}): HistoryRow {
	return {
		role: 'toolResult',
		toolCallId,
		toolName: 'read',
		isError: options.isError ?? false,
		content: [{type: 'text', text}],
		timestamp: 1600,
		__openclaw: {id: options.serverId ?? `srv-result-${toolCallId}`, ...(runId && {runId})},
	};
}

/** An assistant row whose content starts with a thinking block. */
export function thinkingRow(runId: string, thinking: string, text: string, serverId = `srv-reply-${runId}`): HistoryRow {
	return {role: 'assistant', content: [{type: 'thinking', thinking}, {type: 'text', text}], timestamp: 2000, __openclaw: {id: serverId, runId}};
}
