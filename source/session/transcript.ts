/** Pure transitions of a transcript: user sends, acknowledgements, streamed chat and agent events. */
import {contentText, type AgentEvent, type ChatEvent, type HistoryRow} from '../protocol/payloads.js';
import type {Attachment, Message, Part} from '../model/message.js';
import {hasStructure, partsText, settleParts, usageFrom, withLiveText, withThinking, withToolEvent, withToolItem} from './parts.js';
import {isPending} from './settled.js';

export type NewUserMessage = {id: string; text: string; at: string; idempotencyKey: string; attachments?: Attachment[]; retryOf?: string};

export function appendUserMessage(messages: readonly Message[], message: NewUserMessage): Message[] {
	return [...messages, {...message, role: 'user', status: 'queued'}];
}

function updateWhere(messages: readonly Message[], match: (m: Message) => boolean, patch: (m: Message) => Message): Message[] {
	return messages.map(m => (match(m) ? patch(m) : m));
}

export function markSending(messages: readonly Message[], idempotencyKey: string): Message[] {
	return updateWhere(messages, m => m.idempotencyKey === idempotencyKey && m.status === 'queued', m => ({...m, status: 'sending'}));
}

export function markSent(messages: readonly Message[], idempotencyKey: string): Message[] {
	return updateWhere(messages, m => m.idempotencyKey === idempotencyKey && isPending(m), m => ({...m, status: 'sent'}));
}

/** A refused message keeps its key: re-sending it (retry) can still never create a second turn. */
export function markFailed(messages: readonly Message[], idempotencyKey: string, reason: string): Message[] {
	return updateWhere(messages, m => m.idempotencyKey === idempotencyKey && m.role === 'user', m => ({...m, status: 'failed', error: reason}));
}

export function requeue(messages: readonly Message[], idempotencyKey: string): Message[] {
	return updateWhere(messages, m => m.idempotencyKey === idempotencyKey && m.status === 'failed', ({error: _error, ...m}) => ({...m, status: 'queued'}));
}

/** Sending messages whose ack was lost with the link go back to queued, to be re-sent with the same key. */
export function requeueUnacknowledged(messages: readonly Message[]): Message[] {
	return updateWhere(messages, m => m.role === 'user' && m.status === 'sending', m => ({...m, status: 'queued'}));
}

/** The outbox: unacknowledged user messages, oldest first. */
/**
 * The last turn, if its reply failed (the run ended in an error: the model refused or could not be reached after
 * the gateway's own retries): the user message to run again. A later message, or a reply that is still going or
 * ended otherwise, means there is no failed turn to retry.
 */
export function lastFailedTurn(messages: readonly Message[]): Message | undefined {
	const turn = messages.findLast(m => m.role === 'user');
	const key = turn?.idempotencyKey;
	const replies = key === undefined ? [] : messages.filter(m => m.role !== 'user' && m.runId === key);
	return replies.length > 0 && replies.every(reply => reply.status === 'error') ? turn : undefined;
}

export function outbox(messages: readonly Message[]): Message[] {
	return messages.filter(m => isPending(m));
}

const terminal = new Set(['final', 'aborted', 'error']);

/** The reply of `runId` and its index, made if there is none yet (right after the message it answers, or last). */
function replyFor(messages: readonly Message[], runId: string, makeId: () => string, at: string): {messages: Message[]; index: number} {
	let result = markSent(messages, runId);
	const index = result.findIndex(m => m.role === 'assistant' && m.runId === runId);
	if (index !== -1) {
		return {messages: result, index};
	}

	// A new run answering after a lost one replaces what was left of it.
	result = dropInterruptedReplies(result);
	const reply: Message = {id: makeId(), role: 'assistant', text: '', at, runId, status: 'streaming'};
	const userIndex = result.findIndex(m => m.role === 'user' && m.idempotencyKey === runId);
	const position = userIndex === -1 ? result.length : userIndex + 1;
	return {messages: [...result.slice(0, position), reply, ...result.slice(position)], index: position};
}

function replaceAt(messages: readonly Message[], index: number, next: Message): Message[] {
	return messages[index] === next ? [...messages] : messages.map((m, i) => (i === index ? next : m));
}

/**
 * Applies one `chat` event. Deltas take the cumulative `message` when the gateway sends it, so a repeated or
 * missed delta cannot double or drop text; terminal events are idempotent per run (a real gateway may send two).
 */
export function applyChatEvent(messages: readonly Message[], event: ChatEvent, makeId: () => string, at: string): Message[] {
	if (event.state === 'status') {
		return markSent(messages, event.runId);
	}

	// A real gateway folds a message sent mid-run into that run and ends the message's own run at once, empty.
	const exists = messages.some(m => m.role === 'assistant' && m.runId === event.runId);
	if (!exists && (event.state === 'final' || event.state === 'aborted') && event.message?.content === undefined) {
		return markSent(messages, event.runId);
	}

	const {messages: result, index} = replyFor(messages, event.runId, makeId, at);
	return replaceAt(result, index, nextReply(result[index]!, event));
}

/** Agent streams that add to what a reply says; the others say what the run is doing (run-progress.ts). */
export function isReplyStream(event: AgentEvent): boolean {
	return event.stream === 'tool' || event.stream === 'thinking' || (event.stream === 'item' && event.data?.['kind'] === 'tool');
}

/**
 * Applies an `agent` event: tool calls (stream `tool` to the client that sent the run, `item` of kind `tool` to
 * every client) and thinking (stream `thinking`, `data {text, delta}`) become parts of the run's reply.
 */
export function applyAgentEvent(messages: readonly Message[], event: AgentEvent, makeId: () => string, now: Date): Message[] {
	const data = event.data ?? {};
	if (!isReplyStream(event)) {
		return [...messages];
	}

	const existing = messages.find(m => m.role === 'assistant' && m.runId === event.runId);
	if (existing && existing.status !== 'streaming') {
		return [...messages];
	}

	const {messages: result, index} = replyFor(messages, event.runId, makeId, now.toISOString());
	const current = result[index]!;
	const parts = current.parts ?? (current.text ? [{type: 'text' as const, text: current.text}] : []);
	let next: Part[];
	if (event.stream === 'tool') {
		next = withToolEvent(parts, data, now);
	} else if (event.stream === 'item') {
		next = withToolItem(parts, data);
	} else {
		const delta = typeof data['delta'] === 'string' ? data['delta'] : undefined;
		const text = typeof data['text'] === 'string' ? data['text'] : undefined;
		next = text === undefined && delta === undefined ? parts : withThinking(parts, text ?? delta ?? '', text !== undefined);
	}

	return replaceAt(result, index, withParts(current, next));
}

/** A reply with `parts`: its text is theirs; a reply that is only text keeps no parts. */
function withParts(message: Message, parts: Part[]): Message {
	const {parts: _old, ...rest} = message;
	return hasStructure(parts) ? {...rest, text: partsText(parts), parts} : {...rest, text: partsText(parts)};
}

/** The reply's text after a delta: the snapshot when the gateway sends one, else the delta appended or replacing. */
function liveText(current: Message, event: ChatEvent, snapshot: string | undefined): Part[] | string {
	if (current.parts === undefined) {
		return snapshot ?? (event.replace ? (event.deltaText ?? '') : current.text + (event.deltaText ?? ''));
	}

	if (snapshot !== undefined) {
		return withLiveText(current.parts, snapshot);
	}

	const last = current.parts.at(-1);
	const before = last?.type === 'text' ? current.parts.slice(0, -1) : current.parts;
	const text = event.replace || last?.type !== 'text' ? (event.deltaText ?? '') : last.text + (event.deltaText ?? '');
	return text === '' ? before : [...before, {type: 'text', text}];
}

function nextReply(current: Message, event: ChatEvent): Message {
	const snapshot = event.message?.content === undefined ? undefined : contentText(event.message.content);
	if (terminal.has(current.status)) {
		// Late duplicates change nothing, except that a later error may carry the user-facing explanation.
		return event.state === 'error' && current.status === 'error' && event.errorMessage ? {...current, error: event.errorMessage} : current;
	}

	const text = event.state === 'delta' || snapshot !== undefined ? liveText(current, event, snapshot) : (current.parts ?? current.text);
	const updated = typeof text === 'string' ? {...current, text} : withParts(current, event.state === 'delta' ? text : settleParts(text));
	const usage = usageFrom(event.usage);
	const withUsage = usage ? {...updated, usage: {...updated.usage, ...usage}} : updated;
	switch (event.state) {
		case 'delta': {
			return withUsage;
		}

		case 'final': {
			return {...withUsage, status: 'final'};
		}

		case 'aborted': {
			return {...withUsage, status: 'aborted'};
		}

		case 'error': {
			return {...withUsage, status: 'error', error: event.errorMessage ?? 'the run failed'};
		}

		case 'status': {
			return current;
		}
	}
}

/**
 * A user message another client (the web UI, a phone, a second terminal) sent to this session, from a
 * `session.message` event: added once, before the reply to it if that is already streaming; a row this
 * transcript already has (by row id or idempotency key) changes nothing.
 */
export function applyForeignUserRow(messages: readonly Message[], row: HistoryRow, makeId: () => string): Message[] {
	if (row.role !== 'user') {
		return [...messages];
	}

	const serverId = row.__openclaw?.id;
	const key = (row.__openclaw?.idempotencyKey ?? row.idempotencyKey)?.replace(/:user$/, '');
	if (messages.some(m => m.role === 'user' && ((serverId !== undefined && m.serverId === serverId) || (key !== undefined && m.idempotencyKey === key)))) {
		return [...messages];
	}

	const message: Message = {
		id: makeId(),
		role: 'user',
		text: contentText(row.content),
		at: new Date(row.timestamp ?? Date.now()).toISOString(),
		status: 'sent',
		...(serverId && {serverId}),
		...(key && {idempotencyKey: key}),
	};
	const replyIndex = key === undefined ? -1 : messages.findIndex(m => m.role === 'assistant' && m.runId === key);
	// Before unsent messages of ours: the gateway has it, they are still to come.
	const firstPending = messages.findIndex(m => isPending(m));
	const index = replyIndex === -1 ? (firstPending === -1 ? messages.length : firstPending) : replyIndex;
	return [...messages.slice(0, index), message, ...messages.slice(index)];
}

/**
 * After a history read on a new connection: a reply still streaming here whose run the gateway neither holds nor
 * runs was lost (`candidates`, by message id: only replies that were streaming before the connection opened — a
 * run that starts while the read is under way is neither in the answer nor lost)
 * (the gateway restarted mid-reply). If the gateway has answered since, or is answering, the fragment goes;
 * otherwise it stays, marked, until an answer comes.
 */
export function settleLostReplies(messages: readonly Message[], serverRunIds: ReadonlySet<string>, inFlightRunId: string | undefined, candidates?: ReadonlySet<string>): Message[] {
	const lost = (m: Message) =>
		m.role === 'assistant' &&
		(m.status === 'streaming' || m.status === 'interrupted') &&
		(candidates === undefined || candidates.has(m.id)) &&
		m.serverId === undefined &&
		m.runId !== undefined &&
		m.runId !== inFlightRunId &&
		!serverRunIds.has(m.runId);
	// A reply the gateway holds a row of (an earlier read gave it its server id) is not lost: its run is over if it is
	// not the one going on, even when its last event went with a link and this read starts after its rows.
	const held = (m: Message) => m.serverId !== undefined && m.runId !== inFlightRunId && (candidates === undefined || candidates.has(m.id));
	return messages.flatMap((m, index) => {
		if (m.role === 'assistant' && m.status === 'streaming' && held(m)) {
			return [{...m, status: 'final' as const}];
		}

		if (!lost(m)) {
			return [m];
		}

		const answered = inFlightRunId !== undefined || messages.slice(index + 1).some(later => later.role === 'assistant' && !lost(later));
		return answered ? [] : [{...m, status: 'interrupted' as const}];
	});
}

function dropInterruptedReplies(messages: readonly Message[]): Message[] {
	return messages.filter(m => m.status !== 'interrupted');
}
