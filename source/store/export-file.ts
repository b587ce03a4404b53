/** Where `/export` and the browser write a session's Markdown: `NAME-DATE.md` in the current directory. */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileStemOf} from './file-names.js';
import {hasErrorCode} from '../errors.js';

/** Exports a day never overwrite each other: the second is `NAME-DATE-2.md`, and so on (bounded). */
const maxSameDay = 100;

/**
 * Writes `markdown` (0600) to `NAME-YYYY-MM-DD.md` in `dir`, the name made safe as a file name (a full session
 * key's `:` encoded), never over an earlier export; returns the path. Throws the file system's error otherwise.
 */
export async function writeExport(dir: string, name: string, markdown: string, now: Date): Promise<string> {
	const base = `${fileStemOf(name)}-${now.toISOString().slice(0, 10)}`;
	for (let count = 1; ; count++) {
		const file = path.resolve(dir, `${base}${count === 1 ? '' : `-${count}`}.md`);
		try {
			await writeFile(file, markdown, {mode: 0o600, flag: 'wx'});
			return file;
		} catch (error) {
			if (!hasErrorCode(error, 'EEXIST') || count >= maxSameDay) {
				throw error;
			}
		}
	}
}
