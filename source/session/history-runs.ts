/**
 * The gateway's history holds several rows for one run: the user row, an assistant row per model call (with
 * thinking and tool call blocks), a `toolResult` row per tool call, and a `custom` row when the run failed
 * (recorded in test/fixtures/openclaw/). Here they fold into turns: a user message, then one reply per run. Pure.
 */
import {contentText, type HistoryRow} from '../protocol/payloads.js';
import type {Message, MessageStatus, Part, Usage} from '../model/message.js';
import {hasStructure, partsFromContent, partsText, settleParts, usageFrom, withToolResult} from './parts.js';

/** One user row, or the rows of one run in the order the gateway gave them. */
export type HistoryEntry = {kind: 'user'; row: HistoryRow} | {kind: 'reply'; rows: HistoryRow[]; runId: string | undefined};

/** A real gateway stores the user row's key as `<key>:user`. */
export function userKey(row: HistoryRow): string | undefined {
	const key = row.__openclaw?.idempotencyKey ?? row.idempotencyKey;
	return key?.replace(/:user$/, '');
}

/**
 * The run a reply row belongs to: `__openclaw.runId`, or for rows without one its idempotency key (a reply the
 * gateway answered itself, to `/status`, carries `idempotencyKey: <runId>`; a failure row `<runId>:terminal-error`).
 */
export function rowRunId(row: HistoryRow): string | undefined {
	return row.__openclaw?.runId ?? (row.__openclaw?.idempotencyKey ?? row.idempotencyKey)?.replace(/:[a-z-]+$/, '');
}

/**
 * Groups rows into entries. The rows after a user row, up to the next one, are the reply to it; a row of
 * another run starts another reply. A message sent mid-run (steering, recorded: `steerTargetRunId`) ends the
 * reply so far, and the run's later rows answer it after it, as the agent saw them; a tool result always joins
 * the reply holding its call.
 */
export function foldRows(rows: readonly HistoryRow[]): HistoryEntry[] {
	const entries: HistoryEntry[] = [];
	const callOwner = new Map<string, Reply>();
	let current: Reply | undefined;
	for (const row of rows) {
		if (row.role === 'user') {
			entries.push({kind: 'user', row});
			current = undefined;
			continue;
		}

		const owner = row.toolCallId === undefined ? undefined : callOwner.get(row.toolCallId);
		if (owner) {
			owner.rows.push(row);
			continue;
		}

		const runId = rowRunId(row);
		if (current === undefined || (runId !== undefined && current.runId !== undefined && current.runId !== runId)) {
			current = {kind: 'reply', rows: [], runId};
			entries.push(current);
		}

		// The run's first rows may carry no id: a later one names it.
		current.runId ??= runId;
		current.rows.push(row);
		for (const id of toolCallIds(row)) {
			callOwner.set(id, current);
		}
	}

	return entries;
}

type Reply = Extract<HistoryEntry, {kind: 'reply'}>;

function toolCallIds(row: HistoryRow): string[] {
	return partsFromContent(row.content).flatMap(part => (part.type === 'toolCall' ? [part.id] : []));
}

/** The gateway's row ids in an entry (`__openclaw.id`). */
export function entryRowIds(entry: HistoryEntry): string[] {
	const rows = entry.kind === 'user' ? [entry.row] : entry.rows;
	return rows.flatMap(row => row.__openclaw?.id ?? []);
}

/** What a reply says once its rows are folded: its parts, readable text, usage and how it ended. */
export type FoldedReply = {role: 'assistant' | 'custom'; text: string; parts: Part[] | undefined; usage: Usage | undefined; status: MessageStatus; error: string | undefined};

/** Folds a run's rows; `inFlight` when the gateway says the run is still going (its rows so far). */
export function foldReply(rows: readonly HistoryRow[], inFlight: boolean): FoldedReply {
	let parts: Part[] = [];
	let usage: Usage | undefined;
	let failure: HistoryRow | undefined;
	let assistant = false;
	for (const row of rows) {
		if (row.role === 'assistant' && row.stopReason === 'error') {
			// The model failed for good: the row's text is the gateway's explanation, not an answer.
			assistant = true;
			failure = row;
			const explanation = row.errorMessage ?? contentText(row.content);
			parts = explanation ? [...parts, {type: 'error', text: explanation}] : parts;
		} else if (row.role === 'assistant') {
			assistant = true;
			parts = [...parts, ...partsFromContent(row.content)];
			usage = usageFrom(row.usage, row.model, row.provider) ?? usage;
			if (row.errorMessage) {
				parts.push({type: 'error', text: row.errorMessage});
			}
		} else if (row.role === 'toolResult' || row.role === 'tool') {
			parts = withToolResult(parts, row);
		} else {
			failure = row;
		}
	}

	if (!inFlight) {
		parts = settleParts(parts);
	}

	const text = partsText(parts);
	if (!assistant && failure) {
		// A run that failed before any reply: the gateway's explanation is the message.
		return {role: 'custom', text: contentText(failure.content), parts: undefined, usage, status: 'error', error: failure.customType};
	}

	const status: MessageStatus = inFlight ? 'streaming' : (failure ? 'error' : 'final');
	const error = failure ? firstLine(failure.errorMessage ?? contentText(failure.content)) || failure.customType : undefined;
	return {role: 'assistant', text, parts: hasStructure(parts) ? parts : undefined, usage, status, error};
}

/** A history entry as a new local message. */
export function entryToMessage(entry: HistoryEntry, id: string, inFlightRunId: string | undefined): Message {
	if (entry.kind === 'user') {
		const {row} = entry;
		const serverId = row.__openclaw?.id;
		const idempotencyKey = userKey(row);
		return {
			id,
			role: 'user',
			text: contentText(row.content),
			at: new Date(row.timestamp ?? 0).toISOString(),
			status: 'sent',
			...(serverId && {serverId}),
			...(idempotencyKey && {idempotencyKey}),
		};
	}

	const folded = foldReply(entry.rows, entry.runId !== undefined && entry.runId === inFlightRunId);
	const serverId = entryRowIds(entry)[0];
	return {
		id,
		role: folded.role,
		text: folded.text,
		at: new Date(entry.rows[0]?.timestamp ?? 0).toISOString(),
		status: folded.status,
		...(serverId && {serverId}),
		...(entry.runId && {runId: entry.runId}),
		...(folded.error && {error: folded.error}),
		...(folded.parts && {parts: folded.parts}),
		...(folded.usage && {usage: folded.usage}),
	};
}

function firstLine(text: string): string {
	return text.split('\n')[0]!.trim();
}
