/**
 * A long session opened for writing keeps only its last messages in memory: the earlier ones stay in the file
 * as bytes, copied as they are whenever the file is rewritten. The TUI shows a few screens of a session and
 * the gateway's history reaches back a page or so, so a 10k-message session need not cost 10k messages of
 * memory (nor their parsing). Relies on the layout described in session-tail.ts.
 */
import {open, type FileHandle} from 'node:fs/promises';
import {SessionFileChanged} from './errors.js';
import {messagesCloser, messagesLayout, messagesOpener, parseMessagesFrom, readFileInPart, type Bytes} from './session-tail.js';
import {writeAll} from './file-system.js';

/** The messages before the window: how many, and the bytes their blocks take right after the opener. */
export type Earlier = {count: number; bytes: number};

/**
 * The document with only its last `keep` messages, and what it left in the file; undefined when there is
 * nothing to leave out or the file is not in the layout (read it whole then). Only the window is read whole.
 */
export async function readWindow(bytes: Bytes, keep: number): Promise<{document: Record<string, unknown>; earlier: Earlier} | undefined> {
	const layout = await messagesLayout(bytes);
	if (!layout || layout.starts.length <= keep) {
		return undefined;
	}

	const count = layout.starts.length - keep;
	const messages = await parseMessagesFrom(bytes, layout, count);
	const [before, after] = await Promise.all([bytes.read(0, layout.opener), bytes.read(layout.end + messagesCloser.length, bytes.size)]);
	try {
		const rest = JSON.parse(`${before.toString('utf8')}${messagesOpener}]${after.toString('utf8')}`) as unknown;
		if (!messages || typeof rest !== 'object' || rest === null || Array.isArray(rest)) {
			return undefined;
		}

		return {document: {...rest, messages}, earlier: {count, bytes: layout.starts[count]! - layout.starts[0]!}};
	} catch {
		return undefined;
	}
}

/**
 * Writes `text` (the document with the window only, laid out as ours) to `out` with the earlier messages put
 * back from `source`, the file as it is now: its bytes are copied, never parsed.
 */
export async function writeWithEarlier(out: FileHandle, text: string, source: string, earlier: Earlier): Promise<void> {
	const at = text.indexOf(messagesOpener) + messagesOpener.length;
	if (at < messagesOpener.length) {
		throw new Error('the session lost its messages array');
	}

	const empty = text[at] === ']';
	await writeAll(out, text.slice(0, at));
	await copyEarlier(source, earlier, out, empty);
	await writeAll(out, empty ? `\n\t${text.slice(at)}` : text.slice(at));
}

/** Copies the earlier messages' blocks from the file `source` (without the comma after the last if `last`). */
async function copyEarlier(source: string, earlier: Earlier, out: FileHandle, last: boolean): Promise<void> {
	const input = await open(source, 'r');
	try {
		const start = await earlierStart(input, source, earlier);
		const chunk = Buffer.alloc(Math.min(earlier.bytes, 1024 * 1024));
		const length = last ? earlier.bytes - 1 : earlier.bytes;
		for (let copied = 0; copied < length; ) {
			const {bytesRead} = await input.read(chunk, 0, Math.min(chunk.length, length - copied), start + copied);
			if (bytesRead === 0) {
				throw new SessionFileChanged(source);
			}

			await writeAll(out, chunk.subarray(0, bytesRead));
			copied += bytesRead;
		}
	} finally {
		await input.close();
	}
}

/**
 * Where the first message block starts (right after the opener, near the top of the file), checked to be
 * where the earlier messages are: a block's start there, and the comma after the last one.
 */
async function earlierStart(input: FileHandle, source: string, earlier: Earlier): Promise<number> {
	const top = Buffer.alloc(64 * 1024);
	const {bytesRead} = await input.read(top, 0, top.length, 0);
	const opener = top.subarray(0, bytesRead).indexOf(`${messagesOpener}\n`);
	const start = opener + messagesOpener.length;
	const ends = Buffer.alloc(5);
	await input.read(ends, 0, 4, start);
	await input.read(ends, 4, 1, start + earlier.bytes - 1);
	if (opener === -1 || ends.toString('latin1') !== '\n\t\t{,') {
		throw new SessionFileChanged(source);
	}

	return start;
}

/**
 * Reads the earlier messages back from `source`, handing them to `visit` a group at a time: only one group is
 * read and parsed at once. The file must still hold them where the writer left them.
 */
export async function readEarlier(source: string, earlier: Earlier, visit: (group: unknown[]) => void, group = 500): Promise<void> {
	await readFileInPart(source, async bytes => {
		const layout = await messagesLayout(bytes);
		// Where a block ends: its comma (or, for the array's last, the line that closes the array) is a byte before.
		const boundary = (index: number) => (index < layout!.starts.length ? layout!.starts[index]! : layout!.end + 1);
		if (!layout || layout.starts.length < earlier.count || boundary(earlier.count) - layout.starts[0]! !== earlier.bytes) {
			throw new SessionFileChanged(source);
		}

		for (let first = 0; first < earlier.count; first += group) {
			const blocks = await bytes.read(layout.starts[first]!, boundary(Math.min(first + group, earlier.count)) - 1);
			visit(JSON.parse(`[${blocks.toString('utf8')}]`) as unknown[]);
		}
	});
}
