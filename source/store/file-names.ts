/**
 * Which file a session lives in. A bare name is its own file name; a full session key (`agent:ops:x`) is
 * percent-encoded, because `:` cannot be in a file name on Windows and macOS shows it as `/`.
 */
import {readdir} from 'node:fs/promises';

/** Characters a session file name keeps as they are; everything else in a key becomes `%XX` (UTF-8, upper-case hex). */
const plain = /[a-z\d._-]/;

/**
 * The file name, without `.json`, that session `name` is saved under: a bare name as it is; a full key
 * (anything with a `:`) with every character but `a-z 0-9 . _ -` written `%XX`, so `agent:ops:x` is
 * `agent%3Aops%3Ax`. Upper-case letters are encoded too: two keys that differ only in case stay two files on
 * a case-insensitive file system. Bare names never contain `%`, so the two kinds cannot meet. Does not
 * validate: callers pass a name `validateSessionName` accepted, or one read back from a file name.
 */
export function fileStemOf(name: string): string {
	if (!name.includes(':')) {
		return name;
	}

	let stem = '';
	for (const character of name) {
		stem += plain.test(character) ? character : [...Buffer.from(character)].map(byte => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
	}

	return stem;
}

/** The session name a file name (without `.json`) holds: the inverse of `fileStemOf`; a stem that does not decode is returned as it is. */
export function nameOfFileStem(stem: string): string {
	if (!stem.includes('%')) {
		return stem;
	}

	try {
		const name = decodeURIComponent(stem);
		return fileStemOf(name) === stem ? name : stem;
	} catch {
		return stem;
	}
}

/** The file names, without `.json`, of the session files in `dir` (none if it does not exist). */
export async function sessionFileStems(dir: string): Promise<string[]> {
	const entries = await readdir(dir).catch(() => []);
	return entries.filter(entry => entry.endsWith('.json') && !entry.startsWith('.')).map(entry => entry.slice(0, -'.json'.length));
}
