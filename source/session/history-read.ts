/** Reading a session's history from the gateway after a (re)connect: only what is new when it can say so. */
import type {Link} from '../connection/link.js';
import {chatHistoryDeltaSchema, chatHistoryResultSchema, type ChatHistoryResult, type HistoryRow, type SessionModel} from '../protocol/payloads.js';

/** How far back a tail read pages to find where the local file left off (each page up to `limit` rows). */
const maxHistoryPages = 20;

export type HistoryRead = {
	rows: HistoryRow[];
	inFlightRun: ChatHistoryResult['inFlightRun'];
	/** What to pass as `cursor` next time. */
	cursor: string | undefined;
	/** The session's model and context use (`sessionInfo` over `defaults`), when a tail read says. */
	model: SessionModel | undefined;
};

export type HistoryQuery = {
	sessionKey: string;
	/** The `deltaCursor` of the last read, if any. */
	cursor: string | undefined;
	/** Row ids (`__openclaw.id`) the transcript already has: paging back stops at a page holding one. */
	known: ReadonlySet<string>;
	/** Rows a page (the gateway allows 1–1000). */
	limit: number;
};

/**
 * With a cursor, only the rows added since (PROTOCOL: `{kind: "delta"}`); when the gateway answers `reset` or
 * there is none, the tail, paged back until a row we know. Throws LinkDown or GatewayRequestError.
 */
export async function readHistory(link: Link, {sessionKey, cursor, known, limit}: HistoryQuery): Promise<HistoryRead> {
	if (cursor) {
		const delta = await link.request('chat.history', {sessionKey, cursor}, chatHistoryDeltaSchema);
		if (delta.kind === 'delta') {
			return {rows: delta.messages.map(entry => entry.message), inFlightRun: delta.inFlightRun, cursor: delta.deltaCursor ?? cursor, model: undefined};
		}
	}

	let page = await link.request('chat.history', {sessionKey, limit}, chatHistoryResultSchema);
	const {inFlightRun, deltaCursor} = page;
	// Pages come newest first and each goes before the last: gathered, then joined once, oldest first.
	const older: Array<typeof page.messages> = [page.messages];
	for (let pages = 1; page.hasMore && page.nextOffset && pages < maxHistoryPages && !page.messages.some(row => known.has(row.__openclaw?.id ?? '')); pages++) {
		page = await link.request('chat.history', {sessionKey, limit, offset: page.nextOffset}, chatHistoryResultSchema);
		older.push(page.messages);
	}

	const rows = older.toReversed().flat();

	return {rows, inFlightRun, cursor: deltaCursor, model: {...withoutNulls(page.defaults), ...withoutNulls(page.sessionInfo)}};
}

/** The session's model and context use, from a one-row tail read (`sessionInfo` over `defaults`); undefined if refused. */
export async function readSessionModel(link: Link, sessionKey: string): Promise<SessionModel | undefined> {
	const page = await link.request('chat.history', {sessionKey, limit: 1}, chatHistoryResultSchema).catch(() => undefined);
	return page && {...withoutNulls(page.defaults), ...withoutNulls(page.sessionInfo)};
}

function withoutNulls(model: SessionModel | undefined): SessionModel {
	return Object.fromEntries(Object.entries(model ?? {}).filter(([, value]) => value !== null && value !== undefined));
}
