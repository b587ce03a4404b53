/**
 * Full-text search over every session, kept on disk in `.recall/` beside the session files: immutable
 * segments (see search/segment.ts) and a manifest saying which version of each session they hold. Opening
 * the index re-indexes only the sessions that changed since, into a new segment; a query reads from disk
 * only the postings of its words and the records of its hits, so it stays fast however much is indexed.
 *
 * minisearch did this before, but its index must be loaded and parsed whole by every process: 1 s at
 * 100 sessions × 1,000 messages, five times the budget of a query.
 */
import {mkdir, open, readdir, readFile, rename, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {hasErrorCode} from '../errors.js';
import {isDiskRefusal} from '../store/errors.js';
import {nameOfFileStem, sessionFileStems} from '../store/file-names.js';
import {fileVersion, sameVersion, type FileVersion} from '../store/file-version.js';
import {embed, embeddingsBatch, EmbeddingsFailed, type EmbeddingsEndpoint} from './embeddings.js';
import {dropAfter, owners, wantedDocuments, type RecallFilter} from './filter.js';
import {fuse} from './fusion.js';
import {manifestFormat, planRefresh, parseManifest, type Manifest, type SegmentEntry} from './manifest.js';
import {readQuestion} from './question.js';
import {latest, rank, type Ranked, type RankOptions, type Ranking, type Searchable} from './rank.js';
import {Best, discountRepeats} from './select.js';
import {Segment, SegmentDamaged, type TextLocation} from './segment.js';
import {wordsFor} from './tokenize.js';
import {SegmentVectors, vectorsFileOf} from './vectors.js';
import type {BuildHooks, OpenSegment} from './search-index-build.js';

export type Hit = {
	session: string;
	messageId: string;
	role: string;
	at: string;
	score: number;
	terms: string[];
	location: TextLocation;
	/** With `beforeDrop`: when the link dropped just after this message. */
	drop?: string;
};

export type SearchOptions = RecallFilter & {
	limit?: number;
	/** One flat list of the best messages, rather than the best few of each session (sessions by their best). */
	allHits?: boolean;
	/** The query's meaning as a vector (length 1): the messages nearest it are ranked with the words' (see fusion.ts). */
	vector?: Float32Array | undefined;
};

/** A query's hits, whether they are the latest messages rather than matches, and which of its words were found. */
export type SearchResult = {hits: Hit[]; latest: boolean; words: Array<{word: string; found: boolean}>};

/** With hits grouped by session, how many of each. */
export const hitsPerSession = 3;

const indexDir = '.recall';
const manifestName = 'manifest.json';


export class SearchIndex {
	private constructor(
		private readonly dir: string,
		private readonly segments: readonly OpenSegment[],
	) {}

	/** Opens the index, first bringing it up to date with the session files (`indexing` hears how many it reads, and their bytes). */
	static async open(dir: string, {indexing, ...hooks}: IndexingHooks = {}): Promise<SearchIndex> {
		const home = path.join(dir, indexDir);
		// The single-file index of earlier versions: tens of megabytes nothing reads any more.
		await unlink(path.join(dir, '.recall-index.json')).catch(() => undefined);
		const saved = parseManifest(await readFile(path.join(home, manifestName), 'utf8').catch(() => ''));
		const opened = openSegments(home, saved?.segments ?? []);
		const versions = await sessionVersions(dir);
		const {keep, index} = planRefresh(
			opened.map(({entry}) => entry),
			versions,
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
			indexing?.(index.length, index.reduce((sum, name) => sum + (versions.get(name)?.size ?? 0), 0));
			// Loaded only to index: a query over an index that is up to date does not parse the builder's modules.
			const {buildSegments} = await import('./search-index-build.js');
			segments.push(...(await buildSegments(dir, home, index, hooks)));
		}

		const manifest: Manifest = {format: manifestFormat, segments: segments.map(({entry}) => entry)};
		if (JSON.stringify(manifest) !== JSON.stringify(saved)) {
			await saveManifest(home, manifest);
		}

		return new SearchIndex(dir, segments);
	}

	/** The sessions whose files could not be read as sessions: a query finds nothing of them. */
	get damaged(): string[] {
		return this.segments.flatMap(({entry}) => Object.entries(entry.sessions).filter(([, session]) => session.damaged).map(([name]) => name)).toSorted();
	}

	/** The best `limit` messages for `query`, one flat list, best first; `session` limits it to one. */
	search(query: string, session?: string, limit = 20): Hit[] {
		return this.find(query, {...(session !== undefined && {session}), limit, allHits: true}).hits;
	}

	/**
	 * The messages that best match `query` (most of its meaningful words), the best few of each session by
	 * default. With `beforeDrop`, a query that matches nothing there (or no query) gives the latest messages.
	 */
	find(query: string, options: SearchOptions = {}): SearchResult {
		const {limit = 20, allHits = false, vector, ...filter} = options;
		const searchable: Searchable[] = this.segments.map(({entry, segment}) => ({
			vocabulary: segment.vocabulary,
			lengths: segment.lengths,
			times: segment.times,
			fingerprints: segment.fingerprints,
			live: liveDocuments(entry),
			wanted: wantedDocuments(entry.sessions, segment.times, filter),
			...owners(entry.sessions, segment.documents),
			postings: term => segment.postings(term),
		}));
		const rankOptions = {limit, ...(!allHits && {perSession: hitsPerSession})};
		const {hits, words} = vector && this.#vectors.size > 0 ? this.#hybrid(searchable, query, vector, rankOptions) : rank(searchable, query, rankOptions);
		const useLatest = filter.beforeDrop === true && hits.length === 0;
		return {hits: (useLatest ? latest(searchable, rankOptions) : hits).map(hit => this.#hit(hit, filter)), latest: useLatest, words};
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

		for (const vectors of this.#vectors.values()) {
			vectors.close();
		}
	}

	/** Each segment's vectors for the model asked, by segment number (opened by `embedMissing`). */
	readonly #vectors = new Map<number, SegmentVectors>();

	/**
	 * Computes the vectors of up to `budget` messages that have none yet, newest first, and stores them beside
	 * their segments: a large index is embedded over several queries, never all at once. Throws
	 * `EmbeddingsFailed` when the endpoint does (what was stored stays).
	 */
	async embedMissing(endpoint: EmbeddingsEndpoint, budget = embeddingsPerQuery): Promise<void> {
		const home = path.join(this.dir, indexDir);
		for (const [at, {entry, segment}] of this.segments.entries()) {
			const vectors = this.#vectors.get(at) ?? SegmentVectors.open(path.join(home, vectorsFileOf(entry.file)), endpoint.model, segment.documents);
			if (vectors) {
				this.#vectors.set(at, vectors);
			}
		}

		const missing: Array<{at: number; doc: number; time: number}> = [];
		for (const [at, {entry, segment}] of this.segments.entries()) {
			const live = liveDocuments(entry);
			const vectors = this.#vectors.get(at);
			for (let doc = 0; doc < segment.documents; doc++) {
				if ((live === undefined || live[doc] === 1) && !vectors?.has(doc)) {
					missing.push({at, doc, time: segment.times[doc]!});
				}
			}
		}

		missing.sort((x, y) => y.time - x.time || y.doc - x.doc);
		for (let first = 0; first < Math.min(budget, missing.length); first += embeddingsBatch) {
			const batch = missing.slice(first, Math.min(first + embeddingsBatch, budget));
			const hits = batch.map(({at, doc}) => this.#hit({segment: at, doc, session: '', score: 0, terms: []}, {}));
			const texts = await this.texts(hits);
			const found = await embed(
				endpoint,
				hits.map(hit => texts.get(`${hit.session}/${hit.messageId}`) || ' '),
			);
			for (const [index, {at, doc}] of batch.entries()) {
				let vectors = this.#vectors.get(at);
				if (!vectors) {
					const {entry, segment} = this.segments[at]!;
					try {
						vectors = SegmentVectors.create(path.join(home, vectorsFileOf(entry.file)), endpoint.model, segment.documents, found[index]!.length);
					} catch (error) {
						// Only a cache: a sessions dir that cannot be written to answers by the words alone.
						if (isDiskRefusal(error)) {
							return;
						}

						throw error;
					}

					this.#vectors.set(at, vectors);
				}

				if (found[index]!.length === vectors.dimensions) {
					vectors.put(doc, found[index]!);
				}
			}
		}
	}

	/** The words' ranking and the vectors' fused by reciprocal rank, then chosen as `rank` chooses. */
	#hybrid(searchable: readonly Searchable[], query: string, vector: Float32Array, options: RankOptions): Ranking {
		const lexical = rank(searchable, query, {limit: fusionPool});
		const nearest = [...this.#vectors.entries()]
			.flatMap(([at, vectors]) => {
				const {live, wanted} = searchable[at]!;
				const similar = vectors.similarities(vector, doc => (live === undefined || live[doc] === 1) && (wanted === undefined || wanted[doc] === 1));
				const docs = Uint32Array.from(similar.keys()).filter(doc => similar[doc]! > 0);
				// A message its session says again and again is near in meaning each time: discounted as the words' ranking does.
				discountRepeats(searchable[at]!, similar, docs);
				return Array.from(docs, doc => ({segment: at, doc, score: similar[doc]!}))
					.toSorted((x, y) => y.score - x.score)
					.slice(0, fusionPool);
			})
			.toSorted((x, y) => y.score - x.score)
			.slice(0, fusionPool);
		const best = new Best(searchable, options);
		for (const {segment, doc, score} of fuse([lexical.hits, nearest])) {
			best.offer(segment, doc, score);
		}

		const terms = new Map(lexical.hits.map(hit => [`${hit.segment}/${hit.doc}`, hit.terms]));
		return {words: lexical.words, hits: best.hits().map(hit => ({...hit, terms: terms.get(`${hit.segment}/${hit.doc}`) ?? []}))};
	}

	#hit({segment: at, doc, score, terms}: Ranked, filter: RecallFilter): Hit {
		const {entry, segment} = this.segments[at]!;
		const {text, ...record} = segment.record(doc);
		const drop = filter.beforeDrop ? dropAfter(entry.sessions[record.session]?.drops ?? [], segment.times[doc]!) : undefined;
		return {...record, score, terms, location: text, ...(drop !== undefined && {drop: new Date(drop * 1000).toISOString()})};
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

export type {Progress, Skipped} from './search-index-build.js';

/** Told before sessions are indexed: how many, and the bytes of their files. */
export type Indexing = (sessions: number, bytes: number) => void;

/** What opening an index tells, if it has sessions to index first. */
export type IndexingHooks = BuildHooks & {indexing?: Indexing | undefined};

export type Found = Omit<Hit, 'location'> & {text: string};

/** Messages embedded at most per query: at ~30 a request, seconds of a local model's time, not minutes. */
export const embeddingsPerQuery = 256;

/** How many of each ranking are fused: enough below the hits shown for a message both rank well to rise. */
const fusionPool = 100;

export type RecallOptions = SearchOptions & {
	/** Rank by meaning too, with this endpoint's vectors (of the messages, computed a few hundred a query, and of the query). */
	embeddings?: EmbeddingsEndpoint | undefined;
	/** Told why recall by meaning was left out this time (the endpoint failed): the words' ranking answers alone. */
	note?: (text: string) => void;
} & IndexingHooks;

/**
 * One query, start to end: the best hits with their texts, the words marked in them as written there, and the
 * sessions left out as damaged. A question that asks about the time before a drop ("…before the drop?") is
 * asked with `beforeDrop`.
 */
export async function recall(dir: string, question: string, options: RecallOptions = {}): Promise<Omit<SearchResult, 'hits'> & {found: Found[]; damaged: string[]}> {
	const {query, beforeDrop} = readQuestion(question);
	const {indexing, skipped, progress, collect, unsaved, embeddings, note, ...search} = options;
	const index = await SearchIndex.open(dir, {indexing, skipped, progress, collect, unsaved});
	try {
		let vector: Float32Array | undefined;
		if (embeddings && query.trim() !== '') {
			try {
				await index.embedMissing(embeddings);
				[vector] = await embed(embeddings, [query]);
			} catch (error) {
				if (!(error instanceof EmbeddingsFailed)) {
					throw error;
				}

				note?.(`recall by meaning left out: ${error.message}`);
			}
		}

		const {hits, ...result} = index.find(query, {...search, ...(beforeDrop && {beforeDrop}), vector});
		const texts = await index.texts(hits);
		const found = hits.map(({location, ...hit}) => {
			const text = texts.get(`${hit.session}/${hit.messageId}`) ?? '';
			return {...hit, text, terms: wordsFor(text, hit.terms)};
		});
		return {...result, found, damaged: index.damaged};
	} finally {
		index.close();
	}
}

/** The hits of `recall`, for callers that need only them. */
export async function recallMessages(dir: string, query: string, options: RecallOptions = {}): Promise<Found[]> {
	return (await recall(dir, query, options)).found;
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
			if (!(error instanceof SegmentDamaged) && !hasErrorCode(error, 'ENOENT')) {
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

function liveDocuments(entry: SegmentEntry): Uint8Array | undefined {
	const sessions = Object.values(entry.sessions);
	if (sessions.reduce((sum, {count}) => sum + count, 0) === entry.documents) {
		return undefined;
	}

	const live = new Uint8Array(entry.documents);
	for (const {first, count} of sessions) {
		live.fill(1, first, first + count);
	}

	return live;
}

/** A session file that could not be read (no permission, a disk error): not indexed, and said. */
async function readMessageTexts(dir: string, session: string): Promise<Map<string, string>> {
	const {readSession} = await import('../store/session-store.js');
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
			// A segment's vectors go with it.
			if (entry.startsWith('seg-') && (entry.endsWith('.bin') || entry.endsWith('.vec')) && !referenced.has(entry.replace(/\.vec$/, '.bin'))) {
				await unlink(path.join(home, entry)).catch(() => undefined);
			}
		}
	} catch {
		// Only a cache: what cannot be saved is indexed again by the next query.
	}
}
