/**
 * A session file's messages read a group at a time, each with the byte range of its text's JSON string in the
 * file: what the recall index needs, without the file or its parse held whole (a session of 50,000 messages
 * is ~90 MB of JSON and several times that parsed; read whole, its first index peaked at 660 MB). Relies on
 * Tether's layout (session-tail.ts): a file laid out otherwise gives undefined, and the caller reads it whole.
 * Only the fields the index reads are checked, by hand: the schema (zod) cost a `tether recall` 15 MB of memory
 * just to load, and a copy of every message to run.
 */
import {SessionFileCorrupt} from './errors.js';
import type {FileVersion} from './file-version.js';
import type {LinkRecord} from '../model/session-data.js';
import {chunkBytes, messagesCloser, messagesLayout, messagesOpener, readFileInPart} from './session-tail.js';

/** Where a message's text is in the file: the offset and length (bytes) of its JSON string. */
export type TextRange = readonly [offset: number, length: number];

/** What the index needs of a message (see Message). */
export type IndexedMessage = {id: string; role: string; at: string; text: string};

export type ScannedMessage = {message: IndexedMessage; text: TextRange | undefined};

/**
 * Hands `visit` the messages of `file` in order, a group at a time (as many as fit in the megabyte the file is
 * scanned through, so reading allocates nothing a group; a bigger message alone), and gives the file's
 * version (from the handle read) and its link events. A block that is not a message throws
 * `SessionFileCorrupt`, possibly after earlier groups were visited; undefined (nothing visited) when the file
 * is not in Tether's layout. A `visit` that returns a promise is waited for before the next group is read (the
 * recall index writes a full piece of itself there, part way through a long session).
 */
export async function scanSession(file: string, visit: (messages: readonly ScannedMessage[]) => unknown): Promise<{version: FileVersion; events: LinkRecord[]} | undefined> {
	return readFileInPart(file, async (bytes, stats) => {
		const layout = await messagesLayout(bytes);
		if (!layout) {
			return;
		}

		const {starts, end} = layout;
		// The document without its messages is small (the events are one line per drop): checked first, whole.
		const [before, after] = await Promise.all([bytes.read(0, layout.opener), bytes.read(end + messagesCloser.length, bytes.size)]);
		let rest: unknown;
		try {
			rest = JSON.parse(`${before.toString('utf8')}${messagesOpener}]${after.toString('utf8')}`);
		} catch {
			return;
		}

		// Only the link events are read of the rest; a file without them is read whole, which says what is wrong.
		const events = (rest as {events?: unknown} | null)?.events;
		if (!Array.isArray(events)) {
			return;
		}

		// A block ends a byte before the next one starts (its comma), the last one where the array closes.
		const boundary = (index: number) => (index < starts.length ? starts[index]! : end + 1);
		for (let first = 0, last = 1; first < starts.length; first = last, last = first + 1) {
			while (last < starts.length && boundary(last + 1) - 1 - starts[first]! <= chunkBytes) {
				last++;
			}

			const length = boundary(last) - 1 - starts[first]!;
			const blocks = length <= chunkBytes ? (await bytes.scan(starts[first]!)).subarray(0, length) : await bytes.read(starts[first]!, starts[first]! + length);
			await visit(parseGroup(file, blocks, starts[first]!, last - first));
		}

		return {version: {mtimeMs: stats.mtimeMs, size: stats.size}, events: events.filter(isLinkRecord)};
	});
}

function parseGroup(file: string, blocks: Buffer, offset: number, count: number): ScannedMessage[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(`[${blocks.toString('utf8')}]`);
	} catch {
		throw new SessionFileCorrupt(file, `the message block at byte ${offset} is not JSON`, undefined);
	}

	if (!Array.isArray(parsed) || parsed.length !== count) {
		throw new SessionFileCorrupt(file, `the message blocks at byte ${offset} are not ${count} messages`, undefined);
	}

	let cursor = 0;
	return parsed.map((value: unknown, index) => {
		if (!isIndexable(value)) {
			throw new SessionFileCorrupt(file, `message ${index} of the group at byte ${offset} lacks a string id, role, at or text`, undefined);
		}

		const text = textRange(blocks, cursor, value.text);
		cursor = text ? text[0] + text[1] : cursor;
		return {message: value, text: text && ([offset + text[0], text[1]] as const)};
	});
}

function isLinkRecord(value: unknown): value is LinkRecord {
	const record = value as Partial<Record<keyof LinkRecord, unknown>> | null;
	return typeof record?.at === 'string' && (record.type === 'disconnected' || record.type === 'reconnected');
}

/**
 * The fields the index reads, checked alone: the message schema's check made a copy of every message for the
 * collector (and most of the build's time); `tether show` and the TUI still check them whole.
 */
function isIndexable(value: unknown): value is IndexedMessage {
	const message = value as Partial<Record<keyof IndexedMessage, unknown>> | null;
	return typeof message?.id === 'string' && typeof message.role === 'string' && typeof message.at === 'string' && typeof message.text === 'string';
}

/** A message's own "text" line: three tabs in (a part's text is deeper). */
const textKey = Buffer.from('\n\t\t\t"text": ');

/**
 * Where the message's text is in its block, found by its key's line rather than by searching for the text
 * itself, which would allocate its bytes once for each message (at 50,000 messages, tens of megabytes of
 * garbage the collector saw late). The JSON string ends where its line does (it cannot hold a line break), but
 * for a comma; its length must be the text's, written as JSON.stringify writes it, or it is not used.
 */
function textRange(blocks: Buffer, from: number, text: string): readonly [offset: number, length: number] | undefined {
	const key = blocks.indexOf(textKey, from);
	if (key === -1) {
		return undefined;
	}

	const start = key + textKey.length;
	let end = blocks.indexOf(0x0a, start);
	end = end === -1 ? blocks.length : end;
	end -= blocks[end - 1] === 0x2c ? 1 : 0;
	return end - start === Buffer.byteLength(JSON.stringify(text)) ? [start, end - start] : undefined;
}
