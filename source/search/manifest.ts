/**
 * The recall index's table of contents: its segments and, for each, the sessions it holds at which version.
 * A refresh keeps what is still current and indexes anew the sessions that changed, together with those of
 * segments that are mostly stale, or too many to open on every query.
 */
import {sameVersion, type FileVersion} from '../store/file-version.js';

export type IndexedSession = {
	/** The session's version (file and journal) when it was indexed. */
	version: FileVersion;
	/** The session file (without the journal) that text locations point into, if it was read. */
	source: FileVersion | null;
	/** Its documents are `first` to `first + count - 1` in the segment. */
	first: number;
	count: number;
	/** When its link dropped (`disconnected` events), in seconds, oldest first. */
	drops: number[];
	/** The file could not be read as a session (`tether ls` says why): nothing of it is indexed until it changes. */
	damaged?: true;
};

export type SegmentEntry = {file: string; documents: number; sessions: Record<string, IndexedSession>};

/**
 * Format 3: segments of format 2 (stems, no stop words, times, fingerprints) and each session's drops. Format 4:
 * segments of format 3 (the vocabulary as bytes, CJK as pairs of characters): an index of format 3 is built
 * again, since its terms are not what a query now looks for.
 */
export const manifestFormat = 4;

export type Manifest = {format: typeof manifestFormat; segments: SegmentEntry[]};

/** Every query opens every segment: beyond this many, the smallest are folded into the next new one. */
export const maxSegments = 8;

export function planRefresh(segments: readonly SegmentEntry[], current: ReadonlyMap<string, FileVersion>): {keep: SegmentEntry[]; index: string[]} {
	const keep: SegmentEntry[] = [];
	const index = new Set<string>();
	for (const segment of segments) {
		const live = Object.entries(segment.sessions).filter(([name, session]) => sameVersion(current.get(name), session.version));
		if (live.length === 0) {
			continue;
		}

		// Stale documents still cost reading; once they are most of a segment, its live sessions move.
		if (2 * documentsOf(live) < segment.documents) {
			for (const [name] of live) {
				index.add(name);
			}
		} else {
			keep.push({...segment, sessions: Object.fromEntries(live)});
		}
	}

	const held = new Set(keep.flatMap(segment => Object.keys(segment.sessions)));
	for (const name of current.keys()) {
		if (!held.has(name)) {
			index.add(name);
		}
	}

	keep.sort((a, b) => documentsOf(Object.entries(b.sessions)) - documentsOf(Object.entries(a.sessions)));
	while (keep.length + (index.size > 0 ? 1 : 0) > maxSegments) {
		for (const name of Object.keys(keep.pop()!.sessions)) {
			index.add(name);
		}
	}

	return {keep, index: [...index].toSorted()};
}

/** A manifest read back from disk, or undefined when it is not one (it is only a cache: then it is rebuilt). */
export function parseManifest(text: string): Manifest | undefined {
	try {
		const manifest = JSON.parse(text) as Manifest;
		return manifest.format === manifestFormat && Array.isArray(manifest.segments) && manifest.segments.every(isSegmentEntry) ? manifest : undefined;
	} catch {
		return undefined;
	}
}

function isSegmentEntry(value: unknown): value is SegmentEntry {
	const entry = value as Partial<SegmentEntry> | null;
	return typeof entry?.file === 'string' && /^seg-[\w-]+\.bin$/.test(entry.file) && typeof entry.documents === 'number' && typeof entry.sessions === 'object' && entry.sessions !== null && Object.values(entry.sessions).every(isIndexedSession);
}

function isIndexedSession(value: unknown): value is IndexedSession {
	const session = value as Partial<IndexedSession> | null;
	const damaged: unknown = session?.damaged;
	return isVersion(session?.version) && (session.source === null || isVersion(session.source)) && Number.isInteger(session.first) && Number.isInteger(session.count) && Array.isArray(session.drops) && session.drops.every(Number.isInteger) && (damaged === undefined || damaged === true);
}

function isVersion(value: unknown): value is FileVersion {
	const version = value as Partial<FileVersion> | null;
	return typeof version?.mtimeMs === 'number' && typeof version.size === 'number';
}

function documentsOf(sessions: ReadonlyArray<[string, IndexedSession]>): number {
	return sessions.reduce((sum, [, session]) => sum + session.count, 0);
}
