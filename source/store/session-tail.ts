/**
 * Reading a session file in part. Tether writes session files as tab-indented JSON (`JSON.stringify(data,
 * undefined, '\t')`), so inside `"messages": [` each message is a block from a line `\t\t{` to a line `\t\t}`;
 * a JSON string cannot hold a raw line break, so those lines are found by byte search alone, a chunk of the
 * file at a time. A file laid out any other way (edited by hand, empty) gives undefined, and the caller parses
 * it whole.
 */
import type {Stats} from 'node:fs';
import {open as openFile} from 'node:fs/promises';
import {release} from '../lean-heap.js';

export const messagesOpener = '\n\t"messages": [';
const open = Buffer.from(`${messagesOpener}\n`);
export const messagesCloser = '\n\t]';
const close = Buffer.from(messagesCloser);
const messageStart = Buffer.from('\n\t\t{');

/** The bytes a session file is scanned in at a time. */
export const chunkBytes = 1024 * 1024;

/**
 * A file's bytes, or a buffer's, read a range at a time. `scan` gives the chunk at an offset, valid only until
 * the next `scan`: a file is scanned through one buffer, not one allocation a chunk.
 */
export type Bytes = {size: number; read(from: number, to: number): Promise<Buffer>; scan(from: number): Promise<Buffer>};

export function bufferBytes(buffer: Buffer): Bytes {
	return {size: buffer.length, read: async (from, to) => buffer.subarray(from, to), scan: async from => buffer.subarray(from, from + chunkBytes)};
}

/** Runs `read` over the bytes of `file`, open only meanwhile; `stats` are of the file those bytes are read from. */
export async function readFileInPart<T>(file: string, read: (bytes: Bytes, stats: Stats) => Promise<T>): Promise<T> {
	const handle = await openFile(file, 'r');
	let scratch: Buffer | undefined;
	try {
		const stats = await handle.stat();
		const {size} = stats;
		const readInto = async (buffer: Buffer, from: number) => buffer.subarray(0, (await handle.read(buffer, 0, buffer.length, from)).bytesRead);
		return await read({
			size,
			// Not zero-filled first (what a read leaves unfilled is cut off): 256 KB windows on the way to a first screen.
			read: async (from, to) => readInto(Buffer.allocUnsafeSlow(Math.max(0, to - from)), from),
			scan: async from => readInto((scratch ??= Buffer.alloc(Math.min(size, chunkBytes))), from),
		}, stats);
	} finally {
		// A megabyte a file: at 100 sessions, tens of megabytes the collector would free late (see lean-heap.ts).
		release(scratch);
		await handle.close();
	}
}

/** Where the messages are: the opener's offset, the byte at which each message's block starts (its line break), and the array's end. */
export type MessagesLayout = {opener: number; starts: number[]; end: number};

export async function messagesLayout(bytes: Bytes): Promise<MessagesLayout | undefined> {
	let opener = -1;
	const starts: number[] = [];
	const overlap = open.length;
	for (let position = 0; position < bytes.size; position += chunkBytes - overlap) {
		const chunk = await bytes.scan(position);
		// A match from `limit` on may be cut short: the next chunk, which starts there, has it whole.
		const limit = position + chunk.length >= bytes.size ? chunk.length : chunk.length - overlap;
		if (opener === -1) {
			const at = chunk.indexOf(open);
			if (at === -1 || at >= limit) {
				continue;
			}

			opener = position + at;
		}

		const from = Math.max(0, opener + open.length - 1 - position);
		const closeAt = chunk.indexOf(close, from);
		const closed = closeAt !== -1 && closeAt < limit;
		for (let at = chunk.indexOf(messageStart, from); at !== -1 && at < (closed ? closeAt : limit); at = chunk.indexOf(messageStart, at + 1)) {
			starts.push(position + at);
		}

		if (closed) {
			return {opener, starts, end: position + closeAt};
		}
	}

	return undefined;
}

/**
 * The session's fields before its messages (`name`, `createdAt`, `gateway`), from the file's first chunk alone;
 * undefined if they are not there in Tether's layout (an empty session, a file edited by hand: read it whole).
 */
export async function readHead(bytes: Bytes): Promise<Record<string, unknown> | undefined> {
	const chunk = await bytes.scan(0);
	const at = chunk.indexOf(open);
	if (at === -1) {
		return undefined;
	}

	try {
		const head: unknown = JSON.parse(`${chunk.subarray(0, at).toString('utf8')}${messagesOpener}]}`);
		return typeof head === 'object' && head !== null && !Array.isArray(head) ? (head as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The messages from the `from`th on, parsed; undefined if the blocks found were not whole messages. */
export async function parseMessagesFrom(bytes: Bytes, {starts, end}: MessagesLayout, from: number): Promise<unknown[] | undefined> {
	const at = starts[from];
	try {
		const messages = at === undefined ? [] : (JSON.parse(`[${(await bytes.read(at, end)).toString('utf8')}]`) as unknown[]);
		return messages.length === Math.max(0, starts.length - from) ? messages : undefined;
	} catch {
		return undefined;
	}
}

/** The bytes read at a time from the end of a file: the last screens of a chat are a few tens of KB. */
const windowBytes = 256 * 1024;

/** Where the messages' opener must be: after the few fields before it (name, dates, the gateway's key). */
const headBytes = 64 * 1024;

/** The messages' end where Tether writes it: the events follow them (model/session-data.ts, key order). */
const messagesBeforeEvents = Buffer.from(`${messagesCloser},\n\t"events": [`);

/**
 * Where `needle` last starts in `bytes` at or after `floor` and wholly before `before`, read backwards a window
 * at a time; -1 if it is not there.
 */
async function lastIndexOf(bytes: Bytes, needle: Buffer, before: number, floor: number): Promise<number> {
	for (let end = before; end - floor >= needle.length; end -= windowBytes - needle.length) {
		const from = Math.max(floor, end - windowBytes);
		const at = (await bytes.read(from, end)).lastIndexOf(needle);
		if (at !== -1) {
			return from + at;
		}
	}

	return -1;
}

/**
 * The last messages, as many as `enough` asks for (it is given a tail and says whether more are needed; each
 * round parses four times as many), read from the end of the file: a reattach costs the same at 1k messages
 * as at 50k, where counting them all meant scanning the whole file (~25 ms of a 15 MB one, bench/README.md,
 * Reattach). `total` is how many there are in all, known only when the tail holds every one. Undefined for a
 * file not in Tether's layout (the opener not in its first 64 KB, the events not after the messages).
 */
export async function readTail(bytes: Bytes, enough: (tail: readonly unknown[]) => boolean): Promise<{total?: number; tail: unknown[]} | undefined> {
	const opener = (await bytes.read(0, Math.min(bytes.size, headBytes))).indexOf(open);
	const end = opener === -1 ? -1 : await lastIndexOf(bytes, messagesBeforeEvents, bytes.size, opener);
	if (end === -1) {
		return undefined;
	}

	// The first message's block starts at the line break that ends the opener's line.
	const first = opener + open.length - 1;
	const starts: number[] = []; // from the last message back
	let searched = end; // every block that starts from here on is in `starts`
	for (let count = 32; ; count *= 4) {
		while (starts.length < count && searched > first) {
			const before = searched;
			searched = Math.max(first, before - windowBytes);
			const window = await bytes.read(searched, Math.min(end, before + messageStart.length - 1));
			for (let at = window.lastIndexOf(messageStart, before - 1 - searched); at !== -1; at = at === 0 ? -1 : window.lastIndexOf(messageStart, at - 1)) {
				starts.push(searched + at);
			}
		}

		const all = count >= starts.length && searched === first;
		if (all && starts.at(-1) !== first) {
			return undefined; // the blocks do not start where the opener's line ends
		}

		const tail = await parseMessagesFrom(bytes, {opener, starts: starts.slice(0, count).toReversed(), end}, 0);
		if (!tail) {
			return undefined;
		}

		if (all) {
			return {total: tail.length, tail};
		}

		if (enough(tail)) {
			return {tail};
		}
	}
}
