/** What changes whenever a session changes, for caches that must not read it to know (ls, recall). */
import {stat} from 'node:fs/promises';

export const journalSuffix = '.journal';

export type FileVersion = {mtimeMs: number; size: number};

/** The version of a session file and its journal together; undefined when the file is missing. */
export async function fileVersion(file: string): Promise<FileVersion | undefined> {
	const [main, journal] = await Promise.all([stat(file).catch(() => undefined), stat(`${file}${journalSuffix}`).catch(() => undefined)]);
	return main && {mtimeMs: Math.max(main.mtimeMs, journal?.mtimeMs ?? 0), size: main.size + (journal?.size ?? 0)};
}

export function sameVersion(a: FileVersion | undefined, b: FileVersion | undefined): boolean {
	return a !== undefined && b !== undefined && a.mtimeMs === b.mtimeMs && a.size === b.size;
}
