/**
 * Summaries of every session in a directory, for ls and the browser. Each file's summary is cached by its
 * size and mtime (with its journal's) in `.catalog.json`, so listing hundreds of long sessions reads only the
 * files that changed.
 */
import {readFile, rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {z} from 'zod';
import {contentPreview} from '../text/preview.js';
import {fileVersion, sameVersion} from './file-version.js';
import {isDiskRefusal, SessionFileCorrupt} from './errors.js';
import {lockHolder} from './lock.js';
import {nameOfFileStem, sessionFileStems} from './file-names.js';
import {readSession} from './session-store.js';

const summarySchema = z.object({
	name: z.string(),
	messages: z.number(),
	lastActivity: z.string(),
	preview: z.string(),
	gatewayUrl: z.string().optional(),
	sessionKey: z.string().optional(),
	archived: z.boolean(),
	damaged: z.string().optional(),
});
export type SessionSummary = z.infer<typeof summarySchema> & {attachedPid?: number};

const cacheSchema = z.object({
	version: z.literal(1),
	entries: z.record(z.string(), z.object({mtimeMs: z.number(), size: z.number(), summary: summarySchema})),
});
type Cache = z.infer<typeof cacheSchema>;

const cacheName = '.catalog.json';

/** A session file that could not be read (no permission, a disk error): left out of the list, and said. */
export type Skipped = {file: string; code: string};

export async function loadCatalog(dir: string, options: {skipped?: (skipped: Skipped) => void} = {}): Promise<SessionSummary[]> {
	const cache = await readCache(dir);
	const fresh: Cache = {version: 1, entries: {}};
	const summaries: SessionSummary[] = [];
	for (const stem of await sessionFileStems(dir)) {
		const name = nameOfFileStem(stem);
		const info = await fileVersion(path.join(dir, `${stem}.json`));
		if (!info) {
			continue;
		}

		const cached = cache.entries[name];
		const summary = cached && sameVersion(cached, info) ? cached.summary : await summarise(dir, name, new Date(info.mtimeMs)).catch((error: unknown) => {
			// One unreadable file must not hide every other session; it is not cached, so a fixed one shows next time.
			if (!isDiskRefusal(error)) {
				throw error;
			}

			options.skipped?.({file: error.path ?? path.join(dir, `${stem}.json`), code: error.code});
		});
		if (!summary) {
			continue;
		}

		fresh.entries[name] = {mtimeMs: info.mtimeMs, size: info.size, summary};
		const attachedPid = (await lockHolder(path.join(dir, `${stem}.json.lock`)))?.pid;
		summaries.push({...summary, ...(attachedPid !== undefined && {attachedPid})});
	}

	await writeCache(dir, fresh);
	return summaries.toSorted((a, b) => b.lastActivity.localeCompare(a.lastActivity));
}

async function summarise(dir: string, name: string, modified: Date): Promise<SessionSummary> {
	try {
		const data = await readSession(dir, name);
		const last = data.messages.at(-1);
		return {
			name,
			messages: data.messages.length,
			lastActivity: last?.at ?? data.createdAt,
			preview: last ? contentPreview(last.text) : '',
			...(data.gateway.url && {gatewayUrl: data.gateway.url}),
			...(data.gateway.sessionKey && {sessionKey: data.gateway.sessionKey}),
			archived: data.archivedAt !== undefined,
		};
	} catch (error) {
		if (error instanceof SessionFileCorrupt) {
			return {name, messages: 0, lastActivity: modified.toISOString(), preview: '', archived: false, damaged: `damaged: tether recover ${name}`};
		}

		throw error;
	}
}

async function readCache(dir: string): Promise<Cache> {
	try {
		return cacheSchema.parse(JSON.parse(await readFile(path.join(dir, cacheName), 'utf8')));
	} catch {
		return {version: 1, entries: {}};
	}
}

/** Only a cache: a failed write costs a slower next listing, nothing else. */
async function writeCache(dir: string, cache: Cache): Promise<void> {
	const temp = path.join(dir, `${cacheName}.${process.pid}.tmp`);
	try {
		await writeFile(temp, JSON.stringify(cache), {mode: 0o600});
		await rename(temp, path.join(dir, cacheName));
	} catch {
		// The directory may be read-only or gone; listing still worked.
	}
}
