/**
 * Merge of the local transcript with the gateway's history. Rows are matched to local messages by server id,
 * then by idempotency key (user) or run id (assistant); the gateway's order wins for what it knows, unsent
 * messages stay last, and merging the same history twice changes nothing.
 */
import {contentText, type HistoryRow} from '../protocol/payloads.js';
import type {Message, MessageStatus} from './message.js';
import {isPending} from './settled.js';

export type MergeResult = {messages: Message[]; added: string[]};

/** A real gateway stores the user row's key as `<key>:user`. */
function userKey(row: HistoryRow): string | undefined {
	const key = row.__openclaw?.idempotencyKey ?? row.idempotencyKey;
	return key?.replace(/:user$/, '');
}

function semanticKey(role: string, idempotencyKey: string | undefined, runId: string | undefined): string | undefined {
	if (role === 'user' && idempotencyKey) {
		return `user:${idempotencyKey}`;
	}

	// A failed run shows up in history as a `custom` row carrying the run id of the reply it replaces.
	if ((role === 'assistant' || role === 'custom') && runId) {
		return `run:${runId}`;
	}

	return undefined;
}

function rowToMessage(row: HistoryRow, id: string): Message {
	const role = row.role === 'user' || row.role === 'assistant' ? row.role : 'custom';
	const status: MessageStatus = role === 'user' ? 'sent' : row.role === 'custom' ? 'error' : 'final';
	const message: Message = {
		id,
		role,
		text: contentText(row.content),
		at: new Date(row.timestamp ?? 0).toISOString(),
		status,
	};
	const serverId = row.__openclaw?.id;
	const idempotencyKey = role === 'user' ? userKey(row) : undefined;
	const runId = row.__openclaw?.runId;
	return {
		...message,
		...(serverId && {serverId}),
		...(idempotencyKey && {idempotencyKey}),
		...(runId && {runId}),
		...(row.customType && {error: row.customType}),
	};
}

/** What the gateway's row says about a message we already have. */
function reconcile(local: Message, row: HistoryRow): Message {
	const serverId = row.__openclaw?.id;
	const text = contentText(row.content);
	const updated: Message = {...local, ...(serverId && {serverId})};
	if (local.role === 'user') {
		if (!isPending(local) && local.status !== 'failed') {
			return updated;
		}

		const {error: _refusal, ...acknowledged} = updated;
		return {...acknowledged, status: 'sent'};
	}

	// The gateway's text is the finished one; a streaming or interrupted local copy is completed from it.
	return {...updated, text: text || local.text, status: local.status === 'streaming' ? 'final' : local.status};
}

/** What a message is matched to history rows by: its server id, and its idempotency key or run id. */
export function messageKeys(message: Message): string[] {
	const key = semanticKey(message.role, message.idempotencyKey, message.runId);
	return [...(message.serverId ? [`id:${message.serverId}`] : []), ...(key ? [key] : [])];
}

/** The rows that match none of `keys` (from `messageKeys`). */
export function rowsNotIn(rows: readonly HistoryRow[], keys: ReadonlySet<string>): HistoryRow[] {
	return rows.filter(row => {
		const serverId = row.__openclaw?.id;
		const key = semanticKey(row.role, userKey(row), row.__openclaw?.runId);
		return !(serverId !== undefined && keys.has(`id:${serverId}`)) && !(key !== undefined && keys.has(key));
	});
}

export function mergeHistory(local: readonly Message[], rows: readonly HistoryRow[], makeId: () => string): MergeResult {
	const byServerId = new Map<string, number>();
	const byKey = new Map<string, number>();
	for (const [index, message] of local.entries()) {
		if (message.serverId) {
			byServerId.set(message.serverId, index);
		}

		const key = semanticKey(message.role, message.idempotencyKey, message.runId);
		if (key) {
			byKey.set(key, index);
		}
	}

	const used = new Set<number>();
	const matches = rows.map(row => {
		const serverId = row.__openclaw?.id;
		const key = semanticKey(row.role, userKey(row), row.__openclaw?.runId);
		const candidates = [serverId === undefined ? undefined : byServerId.get(serverId), key === undefined ? undefined : byKey.get(key)];
		const index = candidates.find(i => i !== undefined && !used.has(i));
		if (index !== undefined) {
			used.add(index);
		}

		return index;
	});

	// Local messages the gateway does not know: unsent ones go last, the rest stay after the message they followed.
	const head: Message[] = [];
	const followers = new Map<number, Message[]>();
	const tail: Message[] = [];
	let anchor: number | undefined;
	for (const [index, message] of local.entries()) {
		if (used.has(index)) {
			anchor = index;
		} else if (isPending(message)) {
			tail.push(message);
		} else if (anchor === undefined) {
			head.push(message);
		} else {
			followers.set(anchor, [...(followers.get(anchor) ?? []), message]);
		}
	}

	const added: string[] = [];
	const merged: Message[] = [...head];
	for (const [i, row] of rows.entries()) {
		const index = matches[i];
		if (index === undefined) {
			const message = rowToMessage(row, makeId());
			added.push(message.id);
			merged.push(message);
		} else {
			merged.push(reconcile(local[index]!, row), ...(followers.get(index) ?? []));
		}
	}

	merged.push(...tail);
	return {messages: merged, added};
}
