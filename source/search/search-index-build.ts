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
 * built, so a first index of 100k messages is built in pieces, then merged on disk. A session is never split.
 */
export const documentsPerSegment = 25_000;

/** A session read this far (messages) is reported at each megabyte read of it. */
const reportWithin = 2000;

export async function buildSegments(
	dir: string,
	home: string,
	names: readonly string[],
	{skipped, progress, perSegment = documentsPerSegment}: {skipped?: ((skipped: Skipped) => void) | undefined; progress?: ((progress: Progress) => void) | undefined; perSegment?: number} = {},
): Promise<OpenSegment[]> {
	const built: OpenSegment[] = [];
	let builder = new SegmentBuilder();
	let sessions: Record<string, IndexedSession> = {};
	let messages = 0;
	for (const [done, name] of names.entries()) {
		const file = path.join(dir, `${fileStemOf(name)}.json`);
		const version = await fileVersion(file);
		const first = builder.documents;
		// The builder this file is read into (`builder` is replaced only between files, when a segment is full).
		const into = builder;
		const before = messages;
		const read =
			version &&
			(await readForIndex(dir, name, into, () => {
				// A long session is reported as it is read, too: 50,000 messages are seconds of work.
				if (into.documents - first >= reportWithin) {
					progress?.({sessions: done, of: names.length, messages: before + into.documents - first});
				}
			}).catch((error: unknown) => {
				// One unreadable file must not fail every query; left out of the manifest, it is tried again next time.
				if (!isDiskRefusal(error)) {
					throw error;
				}

				skipped?.({file: error.path ?? file, code: error.code});
			}));
		if (read) {
			sessions[name] = {version, source: read.source, first, count: builder.documents - first, drops: read.drops};
		}

		messages += builder.documents - first;
		// The last step is reported once the index is written (and merged), which takes its own seconds.
		if (done < names.length - 1) {
			progress?.({sessions: done + 1, of: names.length, messages});
		}

		if (builder.documents >= perSegment && done < names.length - 1) {
			built.push(await writeSegment(home, builder, sessions));
			builder = new SegmentBuilder();
			sessions = {};
		}
	}

	built.push(await writeSegment(home, builder, sessions));
	// The last piece is on disk: its postings (tens of megabytes) must not be held through the merge.
	builder = new SegmentBuilder();
	const segments = built.length === 1 ? built : await merged(home, built);
	progress?.({sessions: names.length, of: names.length, messages});
	return segments;
}

/** The pieces of a build as one segment (a query reads each segment's vocabulary), or the pieces if it cannot be written. */
async function merged(home: string, pieces: readonly OpenSegment[]): Promise<OpenSegment[]> {
	const file = segmentFileName();
	const temp = path.join(home, `${file}.tmp`);
	try {
		mergeSegments(
			pieces.map(({segment}) => segment),
			temp,
		);
		await rename(temp, path.join(home, file));
	} catch (error) {
		if (!isDiskRefusal(error)) {
			throw error;
		}

		await unlink(temp).catch(() => undefined);
		return [...pieces];
	}

	const sessions: Record<string, IndexedSession> = {};
	let base = 0;
	for (const {entry, segment} of pieces) {
		for (const [name, session] of Object.entries(entry.sessions)) {
			sessions[name] = {...session, first: session.first + base};
		}

		base += entry.documents;
		segment.close();
		await unlink(path.join(home, entry.file)).catch(() => undefined);
	}

	return [{entry: {file, documents: base, sessions}, segment: Segment.open(path.join(home, file))}];
}

function segmentFileName(): string {
	return `seg-${Date.now().toString(36)}-${process.pid}-${++segmentsBuilt}.bin`;
}

async function writeSegment(home: string, builder: SegmentBuilder, sessions: Record<string, IndexedSession>): Promise<OpenSegment> {
	const file = segmentFileName();
	const {documents} = builder;
	try {
		await mkdir(home, {recursive: true, mode: 0o700});
		const temp = path.join(home, `${file}.tmp`);
		await writePieces(temp, builder.encode());
		await rename(temp, path.join(home, file));
		return {entry: {file, documents, sessions}, segment: Segment.open(path.join(home, file))};
	} catch (error) {
		if (!isDiskRefusal(error)) {
			throw error;
		}

		// A sessions dir that cannot be written to (read-only, full) still answers: the index is kept for this query only.
		await unlink(path.join(home, `${file}.tmp`)).catch(() => undefined);
		const scratch = await mkdtemp(path.join(tmpdir(), 'tether-recall-'));
		try {
			await writePieces(path.join(scratch, file), builder.encode());
			return {entry: {file, documents, sessions}, segment: Segment.open(path.join(scratch, file))};
		} finally {
			// The segment has the file open already, and nothing else will read it.
			await rm(scratch, {recursive: true, force: true}).catch(() => undefined);
		}
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
async function readForIndex(dir: string, name: string, builder: SegmentBuilder, grouped: () => void): Promise<{source: FileVersion | null; drops: number[]} | undefined> {
	const file = path.join(dir, `${fileStemOf(name)}.json`);
	const first = builder.documents;
	const add = ({id, role, at, text}: IndexedMessage, location: TextLocation) => builder.add({record: {session: name, messageId: id, role, at, text: location}, terms: indexTerms(text)});
	try {
		const journal = await stat(`${file}${journalSuffix}`).then(
			found => found.size,
			() => 0,
		);
		const scanned =
			journal === 0
				? await scanSession(file, group => {
						for (const {message, text} of group) {
							add(message, text ?? message.text);
						}

						grouped();
					})
				: undefined;
		if (scanned) {
			return {source: scanned.version, drops: dropsOf(scanned.events)};
		}

		return await readWhole(dir, name, add);
	} catch (error) {
		// What was added of a file that failed part way is taken back: the session is indexed all or not at all.
		builder.truncate(first);
		// A damaged file has nothing to index (ls and show say what is wrong); a deleted one is not listed.
		if (error instanceof SessionFileCorrupt) {
			return {source: null, drops: []};
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
