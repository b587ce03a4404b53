/**
 * Full-text search over every session, kept on disk in `.recall/` beside the session files: immutable
 * segments (see search/segment.ts) and a manifest saying which version of each session they hold. Opening
 * the index re-indexes only the sessions that changed since, into a new segment; a query reads from disk
 * only the postings of its words and the records of its hits, so it stays fast however much is indexed.
 *
 * minisearch did this before, but its index must be loaded and parsed whole by every process: 1 s at
 * 100 sessions × 1,000 messages, five times the budget of a query.
 */
import {mkdir, mkdtemp, open, readdir, readFile, rename, rm, unlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {planRefresh, parseManifest, type IndexedSession, type Manifest, type SegmentEntry} from '../search/manifest.js';
import {rank, type Searchable} from '../search/rank.js';
import {encodeSegment, Segment, SegmentDamaged, type SegmentDocument, type TextLocation} from '../search/segment.js';
import {tokenize} from '../search/tokenize.js';
import {isDiskRefusal, SessionFileCorrupt, SessionNotFound} from './errors.js';
import {fileStemOf, nameOfFileStem, sessionFileStems} from './file-names.js';
import {fileVersion, sameVersion, type FileVersion} from './file-version.js';

export type Hit = {session: string; messageId: string; role: string; at: string; score: number; terms: string[]; location: TextLocation};

const indexDir = '.recall';
let segmentsBuilt = 0;
const manifestName = 'manifest.json';

type OpenSegment = {entry: SegmentEntry; segment: Segment};

export class SearchIndex {
	private constructor(
		private readonly dir: string,
		private readonly segments: readonly OpenSegment[],
	) {}

	/** Opens the index, first bringing it up to date with the session files (`indexing` hears how many it reads). */
	static async open(dir: string, indexing?: (sessions: number) => void, skipped?: (skipped: Skipped) => void): Promise<SearchIndex> {
		const home = path.join(dir, indexDir);
		// The single-file index of earlier versions: tens of megabytes nothing reads any more.
		await unlink(path.join(dir, '.recall-index.json')).catch(() => undefined);
		const saved = parseManifest(await readFile(path.join(home, manifestName), 'utf8').catch(() => ''));
		const opened = openSegments(home, saved?.segments ?? []);
		const {keep, index} = planRefresh(
			opened.map(({entry}) => entry),
			await sessionVersions(dir),
		);
		const segments: OpenSegment[] = [];
		for (const {entry: {file}, segment} of opened) {
			const entry = keep.find(kept => kept.file === file);
			if (entry) {
				segments.push({entry, segment});
			} else {
				segment.close();
			}
		}

		if (index.length > 0) {
			indexing?.(index.length);
			segments.push(await buildSegment(dir, home, index, skipped));
		}

		const manifest: Manifest = {format: 2, segments: segments.map(({entry}) => entry)};
		if (JSON.stringify(manifest) !== JSON.stringify(saved)) {
			await saveManifest(home, manifest);
		}

		return new SearchIndex(dir, segments);
	}

	/** The best `limit` messages matching every word of `query`, best first; `session` limits it to one. */
	search(query: string, session?: string, limit = 20): Hit[] {
		const searched = this.segments.filter(({entry}) => session === undefined || session in entry.sessions);
		const searchable: Searchable[] = searched.map(({entry, segment}) => ({
			vocabulary: segment.vocabulary,
			lengths: segment.lengths,
			live: liveDocuments(entry, session),
			postings: term => segment.postings(term),
		}));
		return rank(searchable, query, limit).map(({segment, doc, score, terms}) => {
			const {text, ...record} = searched[segment]!.segment.record(doc);
			return {...record, score, terms, location: text};
		});
	}

	/** The hits' texts by `session/messageId`: read where the index located them, or from the session file. */
	async texts(hits: readonly Hit[]): Promise<Map<string, string>> {
		const texts = new Map<string, string>();
		for (const session of new Set(hits.map(hit => hit.session))) {
			const located = hits.filter(hit => hit.session === session);
			const found = (await this.#readLocated(session, located)) ?? (await readMessageTexts(this.dir, session));
			for (const hit of located) {
				texts.set(`${session}/${hit.messageId}`, found.get(hit.messageId) ?? '');
			}
		}

		return texts;
	}

	close(): void {
		for (const {segment} of this.segments) {
			segment.close();
		}
	}

	/** Texts at their recorded places, if the session file is still the one the index read. */
	async #readLocated(session: string, hits: readonly Hit[]): Promise<Map<string, string> | undefined> {
		const source = this.segments.map(({entry}) => entry.sessions[session]).find(Boolean)?.source ?? undefined;
		const handle = await open(path.join(this.dir, `${session}.json`), 'r').catch(() => undefined);
		if (!handle) {
			return undefined;
		}

		try {
			if (!sameVersion(source, await handle.stat())) {
				return undefined;
			}

			const texts = new Map<string, string>();
			for (const {messageId, location} of hits) {
				if (typeof location === 'string') {
					texts.set(messageId, location);
					continue;
				}

				const [offset, length] = location;
				const {buffer, bytesRead} = await handle.read(Buffer.alloc(length), 0, length, offset);
				const text: unknown = bytesRead === length ? JSON.parse(buffer.toString('utf8')) : undefined;
				if (typeof text !== 'string') {
					return undefined;
				}

				texts.set(messageId, text);
			}

			return texts;
		} catch {
			return undefined;
		} finally {
			await handle.close();
		}
	}
}

export type Found = Omit<Hit, 'location'> & {text: string};

/** One query, start to end: the best hits with their texts. */
export async function recallMessages(
	dir: string,
	query: string,
	options: {session?: string; limit?: number; indexing?: (sessions: number) => void; skipped?: (skipped: Skipped) => void} = {},
): Promise<Found[]> {
	const index = await SearchIndex.open(dir, options.indexing, options.skipped);
	try {
		const hits = index.search(query, options.session, options.limit);
		const texts = await index.texts(hits);
		return hits.map(({location, ...hit}) => ({...hit, text: texts.get(`${hit.session}/${hit.messageId}`) ?? ''}));
	} finally {
		index.close();
	}
}

function openSegments(home: string, entries: readonly SegmentEntry[]): OpenSegment[] {
	const opened: OpenSegment[] = [];
	for (const entry of entries) {
		// A segment that is gone, damaged or not the one listed is dropped: the sessions it held are indexed again.
		try {
			const segment = Segment.open(path.join(home, entry.file));
			if (segment.documents === entry.documents) {
				opened.push({entry, segment});
			} else {
				segment.close();
			}
		} catch (error) {
			if (!(error instanceof SegmentDamaged) && !isMissing(error)) {
				throw error;
			}
		}
	}

	return opened;
}

async function sessionVersions(dir: string): Promise<Map<string, FileVersion>> {
	const stems = await sessionFileStems(dir);
	const versions = await Promise.all(stems.map(async stem => [nameOfFileStem(stem), await fileVersion(path.join(dir, `${stem}.json`))] as const));
	return new Map(versions.filter((entry): entry is [string, FileVersion] => entry[1] !== undefined));
}

function liveDocuments(entry: SegmentEntry, only: string | undefined): Uint8Array | undefined {
	const sessions = Object.values(entry.sessions);
	if (only === undefined && sessions.reduce((sum, {count}) => sum + count, 0) === entry.documents) {
		return undefined;
	}

	const live = new Uint8Array(entry.documents);
	for (const [name, {first, count}] of Object.entries(entry.sessions)) {
		if (only === undefined || name === only) {
			live.fill(1, first, first + count);
		}
	}

	return live;
}

/** A session file that could not be read (no permission, a disk error): not indexed, and said. */
export type Skipped = {file: string; code: string};

async function buildSegment(dir: string, home: string, names: readonly string[], skipped?: (skipped: Skipped) => void): Promise<OpenSegment> {
	const documents: SegmentDocument[] = [];
	const sessions: Record<string, IndexedSession> = {};
	for (const name of names) {
		const file = path.join(dir, `${fileStemOf(name)}.json`);
		const version = await fileVersion(file);
		const read =
			version &&
			(await readForIndex(dir, name).catch((error: unknown) => {
				// One unreadable file must not fail every query; left out of the manifest, it is tried again next time.
				if (!isDiskRefusal(error)) {
					throw error;
				}

				skipped?.({file: error.path ?? file, code: error.code});
				return undefined;
			}));
		if (read) {
			sessions[name] = {version, source: read.source, first: documents.length, count: read.documents.length};
			documents.push(...read.documents);
		}
	}

	const file = `seg-${Date.now().toString(36)}-${process.pid}-${++segmentsBuilt}.bin`;
	const bytes = encodeSegment(documents);
	try {
		await mkdir(home, {recursive: true, mode: 0o700});
		const temp = path.join(home, `${file}.tmp`);
		await writeFile(temp, bytes, {mode: 0o600});
		await rename(temp, path.join(home, file));
		return {entry: {file, documents: documents.length, sessions}, segment: Segment.open(path.join(home, file))};
	} catch (error) {
		if (!isDiskRefusal(error)) {
			throw error;
		}

		// A sessions dir that cannot be written to (read-only, full) still answers: the index is kept for this query only.
		await unlink(path.join(home, `${file}.tmp`)).catch(() => undefined);
		const scratch = await mkdtemp(path.join(tmpdir(), 'tether-recall-'));
		try {
			await writeFile(path.join(scratch, file), bytes, {mode: 0o600});
			return {entry: {file, documents: documents.length, sessions}, segment: Segment.open(path.join(scratch, file))};
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
async function readForIndex(dir: string, name: string): Promise<{documents: SegmentDocument[]; source: FileVersion | null} | undefined> {
	const {readSession} = await import('./session-store.js');
	let messages;
	let raw;
	try {
		raw = await readSource(path.join(dir, `${fileStemOf(name)}.json`));
		({messages} = await readSession(dir, name));
	} catch (error) {
		// A damaged file has nothing to index (ls and show say what is wrong); a deleted one is not listed.
		if (error instanceof SessionFileCorrupt) {
			return {documents: [], source: null};
		}

		if (error instanceof SessionNotFound) {
			return undefined;
		}

		throw error;
	}

	let cursor = 0;
	const documents = messages.map(({id, role, at, text}) => {
		const literal = Buffer.from(JSON.stringify(text));
		const offset = raw ? raw.bytes.indexOf(literal, cursor) : -1;
		cursor = offset >= 0 ? offset + literal.length : cursor;
		const location: TextLocation = offset >= 0 ? [offset, literal.length] : text;
		return {record: {session: name, messageId: id, role, at, text: location}, terms: tokenize(text)};
	});
	return {documents, source: raw?.version ?? null};
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

async function readMessageTexts(dir: string, session: string): Promise<Map<string, string>> {
	const {readSession} = await import('./session-store.js');
	const data = await readSession(dir, session).catch(() => undefined);
	return new Map(data?.messages.map(message => [message.id, message.text]));
}

async function saveManifest(home: string, manifest: Manifest): Promise<void> {
	try {
		await mkdir(home, {recursive: true, mode: 0o700});
		const temp = path.join(home, `${manifestName}.${process.pid}.tmp`);
		await writeFile(temp, JSON.stringify(manifest), {mode: 0o600});
		await rename(temp, path.join(home, manifestName));
		const referenced = new Set(manifest.segments.map(segment => segment.file));
		for (const entry of await readdir(home)) {
			if (entry.startsWith('seg-') && entry.endsWith('.bin') && !referenced.has(entry)) {
				await unlink(path.join(home, entry)).catch(() => undefined);
			}
		}
	} catch {
		// Only a cache: what cannot be saved is indexed again by the next query.
	}
}

function isMissing(error: unknown): boolean {
	return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
