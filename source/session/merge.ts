/**
 * Merge of the local transcript with the gateway's history. Rows fold into turns first (history-runs.ts): one
 * user message, then one reply per run, however many rows the run took. Entries are matched to local messages
 * by any of their row ids, then by idempotency key (user) or run id (reply); the gateway's order wins for what
 * it knows, unsent messages stay last, and merging the same history twice changes nothing.
 */
import type {HistoryRow} from '../protocol/payloads.js';
import {entryRowIds, entryToMessage, foldReply, foldRows, userKey, type HistoryEntry} from './history-runs.js';
import type {Message} from '../model/message.js';
import {withLiveDetails} from './parts.js';
import {isPending} from './settled.js';

export type MergeResult = {messages: Message[]; added: string[]};

export type MergeOptions = {
	/** The run the gateway says is still going (`inFlightRun.runId`): its reply stays streaming. */
	inFlightRunId?: string | undefined;
};

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

/** The keys an entry is known by: each row's id, and its idempotency key or run id. */
function entryKeys(entry: HistoryEntry): string[] {
	const key = entry.kind === 'user' ? semanticKey('user', userKey(entry.row), undefined) : semanticKey('assistant', undefined, entry.runId);
	return [...entryRowIds(entry).map(id => `id:${id}`), ...(key ? [key] : [])];
}

/** What the gateway's entry says about a message we already have. */
function reconcile(local: Message, entry: HistoryEntry, inFlightRunId: string | undefined): Message {
	const serverId = entryRowIds(entry)[0];
	const updated: Message = {...local, ...(serverId && {serverId})};
	if (entry.kind === 'user') {
		if (!isPending(local) && local.status !== 'failed') {
			return updated;
		}

		const {error: _refusal, ...acknowledged} = updated;
		return {...acknowledged, status: 'sent'};
	}

	// The gateway's rows are the finished turn: its structure replaces what the live events built.
	const inFlight = entry.runId !== undefined && entry.runId === inFlightRunId;
	const folded = foldReply(entry.rows, inFlight);
	const {parts: _parts, usage: _usage, ...rest} = updated;
	const status = local.status === 'streaming' || local.status === 'interrupted' ? folded.status : local.status;
	const parts = folded.parts ? withLiveDetails(folded.parts, local.parts) : (inFlight ? local.parts : undefined);
	return {
		...rest,
		text: folded.text || local.text,
		status,
		...(folded.error && !rest.error && {error: folded.error}),
		...(parts && {parts}),
		...((folded.usage ?? local.usage) && {usage: folded.usage ?? local.usage}),
	};
}

/** What a message is matched to history rows by: its server id, and its idempotency key or run id. */
export function messageKeys(message: Message): string[] {
	const key = semanticKey(message.role, message.idempotencyKey, message.runId);
	return [...(message.serverId ? [`id:${message.serverId}`] : []), ...(key ? [key] : [])];
}

/** The rows whose turn matches none of `keys` (from `messageKeys`). */
export function rowsNotIn(rows: readonly HistoryRow[], keys: ReadonlySet<string>): HistoryRow[] {
	return foldRows(rows)
		.filter(entry => !entryKeys(entry).some(key => keys.has(key)))
		.flatMap(entry => (entry.kind === 'user' ? [entry.row] : entry.rows));
}

export function mergeHistory(local: readonly Message[], rows: readonly HistoryRow[], makeId: () => string, options: MergeOptions = {}): MergeResult {
	const entries = foldRows(rows);
	const byKey = new Map<string, number[]>();
	for (const [index, message] of local.entries()) {
		for (const key of messageKeys(message)) {
			byKey.set(key, [...(byKey.get(key) ?? []), index]);
		}
	}

	const used = new Set<number>();
	/** Local messages holding rows of an entry another message stands for (an older merge saved each row apart). */
	const folded = new Set<number>();
	const matches = entries.map(entry => {
		const keys = entryKeys(entry);
		const index = keys.flatMap(key => byKey.get(key) ?? []).find(i => !used.has(i) && !folded.has(i));
		if (index !== undefined) {
			used.add(index);
			const pieces = keys.filter(key => key.startsWith('id:')).flatMap(key => byKey.get(key) ?? []);
			for (const other of pieces) {
				if (other !== index && !used.has(other) && !isPending(local[other]!)) {
					folded.add(other);
				}
			}
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
		} else if (folded.has(index)) {
			continue;
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
	for (const [i, entry] of entries.entries()) {
		const index = matches[i];
		if (index === undefined) {
			const message = entryToMessage(entry, makeId(), options.inFlightRunId);
			added.push(message.id);
			merged.push(message);
		} else {
			merged.push(reconcile(local[index]!, entry, options.inFlightRunId), ...(followers.get(index) ?? []));
		}
	}

	merged.push(...tail);
	return {messages: merged, added};
}
