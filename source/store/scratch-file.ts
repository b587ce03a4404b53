/**
 * A private scratch file for another program to work on (the composer's draft in the user's editor): `text` is
 * written to `message.md` in a fresh directory of the OS temp dir that only this user can read (file mode
 * 0600), `work` runs with its path, and what the file holds afterwards comes back. The directory is removed
 * whatever happens, so a draft never lingers in /tmp.
 */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The file's text after `work` (UTF-8). Rejects with `work`'s error, or the file system's. */
export async function withScratchFile(text: string, work: (file: string) => Promise<void>): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'tether-draft-'));
	const file = path.join(dir, 'message.md');
	try {
		await writeFile(file, text, {mode: 0o600});
		await work(file);
		return await readFile(file, 'utf8');
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
