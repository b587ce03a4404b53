/**
 * Building recall index segments from session files: each message's terms, time and where its text is in
 * the file, and each session's link drops.
 */
import {mkdir, mkdtemp, open, rename, rm, stat, unlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {hasErrorCode} from '../errors.js';
import type {IndexedSession, SegmentEntry} from './manifest.js';
import {mergeSegments} from './merge.js';
import {Segment, type TextLocation} from './segment.js';
import {SegmentBuilder} from './segment-builder.js';
import {indexTerms} from './tokenize.js';
import {isDiskRefusal, SessionFileCorrupt, SessionNotFound} from '../store/errors.js';
import {writeAll} from '../store/file-system.js';
import {fileStemOf} from '../store/file-names.js';
import {fileVersion, journalSuffix, type FileVersion} from '../store/file-version.js';
import type {LinkRecord} from '../model/session-data.js';
import {scanSession, type IndexedMessage} from '../store/session-scan.js';

export type OpenSegment = {entry: SegmentEntry; segment: Segment};

let segmentsBuilt = 0;

export type Skipped = {file: string; code: string};

/** How far a build has come: sessions read of those to index, and their messages (also as a long session is read). */
export type Progress = {sessions: number; of: number; messages: number};

/**
 * A piece of a build holds at most about this many documents: its postings are held in memory while it is
 * built, so a first index of 100k messages is built in pieces, then merged on disk. A long session is split
 * between pieces (checked at each megabyte of it read): built whole, 50,000 unkind messages held ~45 MB of
 * postings and terms (bench/README.md, issue 18, fourth round). Pieces of 25,000 held half as much again as these
 * at the build's peak (sixth round); more pieces cost the merge little, as it reads their postings in windows.
 */
export const documentsPerSegment = 12_500;

/**
 * Memory is given back (`BuildHooks.collect`) at least every this many documents: V8 holds on to the heap pages
 * its collections empty, and within a piece they grew to 30-45 MB beside a heap of 15-30 MB (bench/README.md,
 * issue 18, sixth round). About every 2 s of indexing on the bench machine; each collection takes 25-50 ms.
 */
const collectEvery = 5000;

/** A session read this far (messages) is reported at each megabyte read of it. */
const reportWithin = 2000;

/**
 * Where the documents of a build go: the piece being built, and how many documents the pieces written before
 * it hold. Documents are numbered across the pieces, as the merge numbers them in the one segment it makes.
 */
class Pieces {
	readonly built: OpenSegment[] = [];
	builder = new SegmentBuilder();
	#written = 0;
	#collectedAt = 0;

	constructor(
		private readonly home: string,
		private readonly perSegment: number,
		private readonly hooks: Pick<BuildHooks, 'collect' | 'unsaved'>,
	) {}

	get documents(): number {
		return this.#written + this.builder.documents;
	}

	/** Writes the piece if it is full, else tells `collect` if `collectEvery` documents came since it was last told. */
	async step(): Promise<void> {
		if (this.builder.documents >= this.perSegment) {
			await this.write();
		} else if (this.documents - this.#collectedAt >= collectEvery) {
			this.#collect();
		}
	}

	/** The piece being built written to disk, its memory freed (also before the merge, after the `last`), and a new one started. */
	async write(last = false): Promise<void> {
		const {builder} = this;
		this.builder = new SegmentBuilder();
		if (!last || builder.documents > 0 || this.built.length === 0) {
			this.built.push(await writeSegment(this.home, builder, this.hooks.unsaved));
			this.#written += builder.documents;
		}

		builder.release();
		this.#collect();
	}

	#collect(): void {
		this.#collectedAt = this.documents;
		this.hooks.collect?.();
	}

	/**
	 * Forgets the documents from `documents` on (a session found damaged part way through). Those already in a
	 * written piece stay there, but no session owns them: they are dead documents, as those of a changed session.
	 */
	truncate(documents: number): void {
		this.builder.truncate(Math.max(0, documents - this.#written));
	}
}

/** What a build tells as it goes. */
export type BuildHooks = {
	/** A session file that could not be read (the disk refused it): left out of the index this time. */
	skipped?: ((skipped: Skipped) => void) | undefined;
	progress?: ((progress: Progress) => void) | undefined;
	/**
	 * Told at the moments when most of what the build allocated is garbage: each time a piece has been written
	 * and its memory freed (the last one just before the merge), and every `collectEvery` documents between.
	 * A full collection then gives that memory back to the system (see `giveBackFreedMemory`).
	 */
	collect?: (() => void) | undefined;
	/**
	 * Told when a piece or the merge could not be written beside the sessions (the disk refused it: `code`, as
	 * EROFS): the index is kept for this query only, and the next one builds it again. Told once a piece.
	 */
	unsaved?: ((code: string) => void) | undefined;
};

export async function buildSegments(
	dir: string,
	home: string,
	names: readonly string[],
	{skipped, progress, collect, unsaved, perSegment = documentsPerSegment}: BuildHooks & {perSegment?: number} = {},
): Promise<OpenSegment[]> {
	const pieces = new Pieces(home, perSegment, {collect, unsaved});
	const sessions: Record<string, IndexedSession> = {};
	for (const [done, name] of names.entries()) {
		const file = path.join(dir, `${fileStemOf(name)}.json`);
		const version = await fileVersion(file);
		const first = pieces.documents;
		const read =
			version &&
			(await readForIndex(dir, name, pieces, async () => {
				// A long session is reported as it is read, too: 50,000 messages are seconds of work.
				if (pieces.documents - first >= reportWithin) {
					progress?.({sessions: done, of: names.length, messages: pieces.documents});
				}

				await pieces.step();
			}).catch((error: unknown) => {
				// One unreadable file must not fail every query; left out of the manifest, it is tried again next time.
				if (!isDiskRefusal(error)) {
					throw error;
				}

				skipped?.({file: error.path ?? file, code: error.code});
			}));
		if (read) {
			const count = read.taken ? pieces.documents - first : 0;
			sessions[name] = {version, source: read.source, first: pieces.documents - count, count, drops: read.drops, ...(read.damaged && {damaged: true})};
		}

		// The last step is reported once the index is written (and merged), which takes its own seconds.
		if (done < names.length - 1) {
			progress?.({sessions: done + 1, of: names.length, messages: pieces.documents});
		}

		if (done < names.length - 1) {
			await pieces.step();
		}
	}

	// The last piece goes to disk, and its postings (tens of megabytes) are not held through the merge.
	await pieces.write(true);
	const segments = await whole(home, pieces.built, sessions, unsaved);
	progress?.({sessions: names.length, of: names.length, messages: pieces.documents});
	return segments;
}

/**
 * The pieces of a build as one segment (a query reads each segment's vocabulary) holding `sessions` (numbered
 * across the pieces). If it cannot be written beside them, the pieces are kept as they are when no session is
 * split between them; else the merge is kept for this query only, as a piece is when the dir is read-only.
 */
async function whole(home: string, pieces: readonly OpenSegment[], sessions: Record<string, IndexedSession>, unsaved: BuildHooks['unsaved']): Promise<OpenSegment[]> {
	if (pieces.length === 1) {
		return [{entry: {...pieces[0]!.entry, sessions}, segment: pieces[0]!.segment}];
	}

	const file = segmentFileName();
	const parts = pieces.map(({segment}) => segment);
	const documents = parts.reduce((sum, part) => sum + part.documents, 0);
	let merged: Segment;
	try {
		merged = await mergedInto(home, file, parts);
	} catch (error) {
		if (!isDiskRefusal(error)) {
			throw error;
		}

		const apart = piecesHolding(pieces, sessions);
		if (apart) {
			return apart;
		}

		unsaved?.(error.code);
		merged = await inScratch(file, scratch => mergedInto(scratch, file, parts));
	}

	for (const {entry, segment} of pieces) {
		segment.close();
		await unlink(path.join(home, entry.file)).catch(() => undefined);
	}

	return [{entry: {file, documents, sessions}, segment: merged}];
}

/** The merge of `parts` written as `file` in `dir`, and opened. */
async function mergedInto(dir: string, file: string, parts: readonly Segment[]): Promise<Segment> {
	const temp = path.join(dir, `${file}.tmp`);
	try {
		mergeSegments(parts, temp);
		await rename(temp, path.join(dir, file));
	} catch (error) {
		await unlink(temp).catch(() => undefined);
		throw error;
	}

	return Segment.open(path.join(dir, file));
}

/** The pieces, each with the sessions it holds (numbered in it), or undefined if a session is split between two. */
function piecesHolding(pieces: readonly OpenSegment[], sessions: Record<string, IndexedSession>): OpenSegment[] | undefined {
	const held: Array<Record<string, IndexedSession>> = pieces.map(() => ({}));
	for (const [name, session] of Object.entries(sessions)) {
		let base = 0;
		const index = pieces.findIndex(({entry}) => {
			const inside = session.first >= base && session.first + session.count <= base + entry.documents;
			base += inside ? 0 : entry.documents;
			return inside;
		});
		if (index === -1) {
			return undefined;
		}

		held[index]![name] = {...session, first: session.first - base};
	}

	return pieces.map(({entry, segment}, index) => ({entry: {...entry, sessions: held[index]!}, segment}));
}

function segmentFileName(): string {
	return `seg-${Date.now().toString(36)}-${process.pid}-${++segmentsBuilt}.bin`;
}

/** A piece written to disk and opened; its entry holds no sessions yet (`whole` says which). */
async function writeSegment(home: string, builder: SegmentBuilder, unsaved: BuildHooks['unsaved']): Promise<OpenSegment> {
	const file = segmentFileName();
	const {documents} = builder;
	try {
		await mkdir(home, {recursive: true, mode: 0o700});
		const temp = path.join(home, `${file}.tmp`);
		await writePieces(temp, builder.encode());
		await rename(temp, path.join(home, file));
		return {entry: {file, documents, sessions: {}}, segment: Segment.open(path.join(home, file))};
	} catch (error) {
		if (!isDiskRefusal(error)) {
			throw error;
		}

		// A sessions dir that cannot be written to (read-only, full) still answers: the index is kept for this query only.
		unsaved?.(error.code);
		await unlink(path.join(home, `${file}.tmp`)).catch(() => undefined);
		const segment = await inScratch(file, async scratch => {
			await writePieces(path.join(scratch, file), builder.encode());
			return Segment.open(path.join(scratch, file));
		});
		return {entry: {file, documents, sessions: {}}, segment};
	}
}

/** `make` given a new temporary dir to write `file` in and open it; the dir is removed after (the segment keeps the file open). */
async function inScratch(file: string, make: (scratch: string) => Promise<Segment>): Promise<Segment> {
	const scratch = await mkdtemp(path.join(tmpdir(), 'tether-recall-'));
	try {
		return await make(scratch);
	} finally {
		// The segment has the file open already, and nothing else will read it.
		await rm(scratch, {recursive: true, force: true}).catch(() => undefined);
	}
}

/** Writes the pieces one after another as they are made: the file is never whole in memory. */
async function writePieces(file: string, pieces: Iterable<Uint8Array>): Promise<void> {
	const handle = await open(file, 'w', 0o600);
	try {
		for (const piece of pieces) {
			await writeAll(handle, piece);
		}
	} finally {
		await handle.close();
	}
}

/**
 * A session's messages added to `builder` as index documents, with where each text is in the session file, so
 * that a hit's text can later be read without reading the whole file; a text that is not in the file (still
 * in the journal) is kept in the index itself. A file in Tether's layout with no journal to apply is read a
 * group of messages at a time; any other is read whole.
 */
async function readForIndex(dir: string, name: string, pieces: Pieces, grouped: () => Promise<void>): Promise<{source: FileVersion | null; drops: number[]; taken: boolean; damaged?: true} | undefined> {
	const file = path.join(dir, `${fileStemOf(name)}.json`);
	const first = pieces.documents;
	// `pieces.builder` is read for each message: a group may have started a new piece.
	const add = ({id, role, at, text}: IndexedMessage, location: TextLocation) => pieces.builder.add({record: {session: name, messageId: id, role, at, text: location}, terms: indexTerms(text)});
	try {
		const journal = await stat(`${file}${journalSuffix}`).then(
			found => found.size,
			() => 0,
		);
		const scanned =
			journal === 0
				? await scanSession(file, async group => {
						for (const {message, text} of group) {
							add(message, text ?? message.text);
						}

						await grouped();
					})
				: undefined;
		if (scanned) {
			return {source: scanned.version, drops: dropsOf(scanned.events), taken: true};
		}

		return {...(await readWhole(dir, name, add)), taken: true};
	} catch (error) {
		// What was added of a file that failed part way is taken back: the session is indexed all or not at all.
		pieces.truncate(first);
		// A damaged file has nothing to index (ls and show say what is wrong); a deleted one is not listed.
		if (error instanceof SessionFileCorrupt) {
			return {source: null, drops: [], taken: false, damaged: true};
		}

		if (error instanceof SessionNotFound || hasErrorCode(error, 'ENOENT')) {
			return undefined;
		}

		throw error;
	}
}

/** A session read and parsed whole (with its journal applied): its texts located by search in the file's bytes. */
async function readWhole(dir: string, name: string, add: (message: IndexedMessage, location: TextLocation) => void): Promise<{source: FileVersion | null; drops: number[]}> {
	const {readSession} = await import('../store/session-store.js');
	const raw = await readSource(path.join(dir, `${fileStemOf(name)}.json`));
	const {messages, events} = await readSession(dir, name);
	let cursor = 0;
	for (const message of messages) {
		const literal = Buffer.from(JSON.stringify(message.text));
		const offset = raw ? raw.bytes.indexOf(literal, cursor) : -1;
		cursor = offset >= 0 ? offset + literal.length : cursor;
		add(message, offset >= 0 ? [offset, literal.length] : message.text);
	}

	return {source: raw?.version ?? null, drops: dropsOf(events)};
}

/** When the link dropped, in seconds, oldest first. */
function dropsOf(events: readonly LinkRecord[]): number[] {
	const drops = events.filter(event => event.type === 'disconnected').map(event => Math.floor(Date.parse(event.at) / 1000));
	return drops.filter(Number.isInteger).toSorted((x, y) => x - y);
}

/** The session file's bytes and the version they are of (read through one handle: a rename cannot come between). */
async function readSource(file: string): Promise<{bytes: Buffer; version: FileVersion} | undefined> {
	const handle = await open(file, 'r').catch(() => undefined);
	try {
		return handle && {version: await handle.stat(), bytes: await handle.readFile()};
	} finally {
		await handle?.close();
	}
}
