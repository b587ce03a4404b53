/**
 * Full-text search over every session (minisearch: BM25 ranking, prefix and fuzzy matching). The index is
 * kept in `.recall-index.json` with each session's size and mtime; a query re-indexes only the sessions that
 * changed since, so it stays fast once sessions are large.
 */
import {readdir, readFile, rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import MiniSearch, {type Options, type SearchResult} from 'minisearch';
import {z} from 'zod';
import {fileVersion} from './durable-file.js';
import {SessionFileCorrupt} from './errors.js';
import {readSession} from './session-store.js';

type Document = {id: string; session: string; messageId: string; role: string; at: string; text: string};

const options: Options<Document> = {
	fields: ['text'],
	storeFields: ['session', 'messageId', 'role', 'at'],
	// Fuzzy matching only for longer words: on short ones one typo away matches almost anything.
	searchOptions: {prefix: true, fuzzy: (term: string) => (term.length >= 5 ? 0.2 : 0)},
};

const stateSchema = z.object({
	version: z.literal(1),
	sessions: z.record(z.string(), z.object({mtimeMs: z.number(), size: z.number(), ids: z.array(z.string())})),
});

const indexName = '.recall-index.json';

export type Hit = {session: string; messageId: string; role: string; at: string; score: number; terms: string[]};

export class SearchIndex {
	private constructor(
		private readonly dir: string,
		private readonly index: MiniSearch<Document>,
		private readonly sessions: z.infer<typeof stateSchema>['sessions'],
		private dirty: boolean,
	) {}

	/** Loads the saved index and brings it up to date with the session files. */
	static async open(dir: string): Promise<SearchIndex> {
		const saved = await readFile(path.join(dir, indexName), 'utf8').catch(() => undefined);
		let search: SearchIndex | undefined;
		if (saved) {
			try {
				const {state, index} = JSON.parse(saved) as {state: unknown; index: string};
				search = new SearchIndex(dir, MiniSearch.loadJSON(index, options), stateSchema.parse(state).sessions, false);
			} catch {
				search = undefined;
			}
		}

		search ??= new SearchIndex(dir, new MiniSearch(options), {}, true);
		await search.#refresh();
		return search;
	}

	search(query: string, session?: string, limit = 20): Hit[] {
		const filter = session === undefined ? undefined : (result: SearchResult) => result.session === session;
		return this.index
			.search(query, {...(filter && {filter}), combineWith: 'AND'})
			.slice(0, limit)
			.map(result => ({session: result.session as string, messageId: result.messageId as string, role: result.role as string, at: result.at as string, score: result.score, terms: result.terms}));
	}

	async #refresh(): Promise<void> {
		const names = (await readdir(this.dir).catch(() => [])).filter(entry => entry.endsWith('.json') && !entry.startsWith('.')).map(entry => entry.slice(0, -5));
		for (const gone of Object.keys(this.sessions).filter(name => !names.includes(name))) {
			this.#forget(gone);
		}

		for (const name of names) {
			const info = await fileVersion(path.join(this.dir, `${name}.json`));
			const known = this.sessions[name];
			if (!info || (known && known.mtimeMs === info.mtimeMs && known.size === info.size)) {
				continue;
			}

			this.#forget(name);
			const documents = await this.#documents(name);
			this.index.addAll(documents);
			this.sessions[name] = {mtimeMs: info.mtimeMs, size: info.size, ids: documents.map(document => document.id)};
			this.dirty = true;
		}

		if (this.dirty) {
			await this.#save();
		}
	}

	#forget(name: string): void {
		const known = this.sessions[name];
		if (known) {
			this.index.discardAll(known.ids.filter(id => this.index.has(id)));
			delete this.sessions[name];
			this.dirty = true;
		}
	}

	async #documents(name: string): Promise<Document[]> {
		try {
			const data = await readSession(this.dir, name);
			return data.messages.map(message => ({id: `${name}/${message.id}`, session: name, messageId: message.id, role: message.role, at: message.at, text: message.text}));
		} catch (error) {
			// A damaged file is skipped here; ls and show say what is wrong with it.
			if (error instanceof SessionFileCorrupt) {
				return [];
			}

			throw error;
		}
	}

	async #save(): Promise<void> {
		const temp = path.join(this.dir, `${indexName}.${process.pid}.tmp`);
		try {
			await writeFile(temp, JSON.stringify({state: {version: 1, sessions: this.sessions}, index: JSON.stringify(this.index)}), {mode: 0o600});
			await rename(temp, path.join(this.dir, indexName));
		} catch {
			// Only a cache: the next query rebuilds what it cannot load.
		}
	}
}

/** The hits' texts by `session/messageId`, reading each session involved once (the index keeps no text). */
export async function hitTexts(dir: string, hits: ReadonlyArray<{session: string; messageId: string}>): Promise<Map<string, string>> {
	const texts = new Map<string, string>();
	for (const session of new Set(hits.map(hit => hit.session))) {
		const data = await readSession(dir, session).catch(() => undefined);
		for (const message of data?.messages ?? []) {
			texts.set(`${session}/${message.id}`, message.text);
		}
	}

	return texts;
}
