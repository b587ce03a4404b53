/** Pure transitions of a transcript: user sends, acknowledgements, streamed chat events. */
import {contentText, type ChatEvent} from '../protocol/payloads.js';
import type {Message} from './message.js';
import {isPending} from './settled.js';

export type NewUserMessage = {id: string; text: string; at: string; idempotencyKey: string};

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
export function outbox(messages: readonly Message[]): Message[] {
	return messages.filter(m => isPending(m));
}

const terminal = new Set(['final', 'aborted', 'error']);

/**
 * Applies one `chat` event. Deltas take the cumulative `message` when the gateway sends it, so a repeated or
 * missed delta cannot double or drop text; terminal events are idempotent per run (a real gateway may send two).
 */
export function applyChatEvent(messages: readonly Message[], event: ChatEvent, makeId: () => string, at: string): Message[] {
	if (event.state === 'status') {
		return markSent(messages, event.runId);
	}

	let result = markSent(messages, event.runId);
	let index = result.findIndex(m => m.role === 'assistant' && m.runId === event.runId);
	if (index === -1) {
		// A real gateway folds a message sent mid-run into that run and ends the message's own run at once, empty.
		if ((event.state === 'final' || event.state === 'aborted') && event.message?.content === undefined) {
			return result;
		}

		// A new run answering after a lost one replaces what was left of it.
		result = dropInterruptedReplies(result);
		const reply: Message = {id: makeId(), role: 'assistant', text: '', at, runId: event.runId, status: 'streaming'};
		const userIndex = result.findIndex(m => m.role === 'user' && m.idempotencyKey === event.runId);
		index = userIndex === -1 ? result.length : userIndex + 1;
		result = [...result.slice(0, index), reply, ...result.slice(index)];
	}

	const current = result[index]!;
	const next = nextReply(current, event);
	if (next === current) {
		return result;
	}

	return result.map((m, i) => (i === index ? next : m));
}

function nextReply(current: Message, event: ChatEvent): Message {
	const snapshot = event.message?.content === undefined ? undefined : contentText(event.message.content);
	if (terminal.has(current.status)) {
		// Late duplicates change nothing, except that a later error may carry the user-facing explanation.
		return event.state === 'error' && current.status === 'error' && event.errorMessage ? {...current, error: event.errorMessage} : current;
	}

	switch (event.state) {
		case 'delta': {
			const text = snapshot ?? (event.replace ? (event.deltaText ?? '') : current.text + (event.deltaText ?? ''));
			return {...current, text};
		}

		case 'final': {
			return {...current, text: snapshot ?? current.text, status: 'final'};
		}

		case 'aborted': {
			return {...current, text: snapshot ?? current.text, status: 'aborted'};
		}

		case 'error': {
			return {...current, text: snapshot ?? current.text, status: 'error', error: event.errorMessage ?? 'the run failed'};
		}

		case 'status': {
			return current;
		}
	}
}

/**
 * After a history read: a reply still streaming here whose run the gateway neither holds nor runs was lost
 * (the gateway restarted mid-reply). If the gateway has answered since, or is answering, the fragment goes;
 * otherwise it stays, marked, until an answer comes.
 */
export function settleLostReplies(messages: readonly Message[], serverRunIds: ReadonlySet<string>, inFlightRunId: string | undefined): Message[] {
	const lost = (m: Message) =>
		m.role === 'assistant' && (m.status === 'streaming' || m.status === 'interrupted') && m.runId !== undefined && m.runId !== inFlightRunId && !serverRunIds.has(m.runId);
	return messages.flatMap((m, index) => {
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
