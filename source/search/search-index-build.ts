/**
 * Building recall index segments from session files: each message's terms, time and where its text is in
 * the file, and each session's link drops.
 */
import {mkdir, mkdtemp, open, rename, rm, unlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {IndexedSession, SegmentEntry} from './manifest.js';
import {mergeSegments} from './merge.js';
import {Segment, SegmentBuilder, type SegmentDocument, type TextLocation} from './segment.js';
import {indexTerms} from './tokenize.js';
import {isDiskRefusal, SessionFileCorrupt, SessionNotFound} from '../store/errors.js';
import {fileStemOf} from '../store/file-names.js';
import {fileVersion, type FileVersion} from '../store/file-version.js';

export type OpenSegment = {entry: SegmentEntry; segment: Segment};

let segmentsBuilt = 0;

export type Skipped = {file: string; code: string};

/** How far a build has come: sessions read of those to index, and their messages. */
export type Progress = {sessions: number; of: number; messages: number};

/**
 * A piece of a build holds at most about this many documents: its postings are held in memory while it is
 * built, so a first index of 100k messages is built in pieces, then merged on disk. A session is never split.
 */
export const documentsPerSegment = 25_000;

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
		const read =
			version &&
			(await readForIndex(dir, name, document => builder.add(document)).catch((error: unknown) => {
				// One unreadable file must not fail every query; left out of the manifest, it is tried again next time.
				if (!isDiskRefusal(error)) {
					throw error;
				}

				skipped?.({file: error.path ?? file, code: error.code});
				return undefined;
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
	const bytes = builder.encode();
	try {
		await mkdir(home, {recursive: true, mode: 0o700});
		const temp = path.join(home, `${file}.tmp`);
		await writeFile(temp, bytes, {mode: 0o600});
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
			await writeFile(path.join(scratch, file), bytes, {mode: 0o600});
			return {entry: {file, documents, sessions}, segment: Segment.open(path.join(scratch, file))};
		} finally {
			// The segment has the file open already, and nothing else will read it.
			await rm(scratch, {recursive: true, force: true}).catch(() => undefined);
		}
	}
}

/**
 * A session's messages as index documents. Each text's place in the session file is found by its JSON
 * string, so a hit's text can later be read without reading the whole file; a text that is not in the file
 * (still in the journal) is kept in the index itself.
 */
async function readForIndex(dir: string, name: string, add: (document: SegmentDocument) => void): Promise<{source: FileVersion | null; drops: number[]} | undefined> {
	const {readSession} = await import('../store/session-store.js');
	let messages;
	let events;
	let raw;
	try {
		raw = await readSource(path.join(dir, `${fileStemOf(name)}.json`));
		({messages, events} = await readSession(dir, name));
	} catch (error) {
		// A damaged file has nothing to index (ls and show say what is wrong); a deleted one is not listed.
		if (error instanceof SessionFileCorrupt) {
			return {source: null, drops: []};
		}

		if (error instanceof SessionNotFound) {
			return undefined;
		}

		throw error;
	}

	let cursor = 0;
	for (const {id, role, at, text} of messages) {
		const literal = Buffer.from(JSON.stringify(text));
		const offset = raw ? raw.bytes.indexOf(literal, cursor) : -1;
		cursor = offset >= 0 ? offset + literal.length : cursor;
		const location: TextLocation = offset >= 0 ? [offset, literal.length] : text;
		add({record: {session: name, messageId: id, role, at, text: location}, terms: indexTerms(text)});
	}

	const drops = events.filter(event => event.type === 'disconnected').map(event => Math.floor(Date.parse(event.at) / 1000));
	return {source: raw?.version ?? null, drops: drops.filter(Number.isInteger).sort((x, y) => x - y)};
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
