/**
 * The composer's unsent text, kept per session as shells keep history: `NAME.json.draft` beside the session
 * file, plain UTF-8. A file of its own, so that saving a draft never rewrites (or risks) the session file, and
 * an older Tether, which does not know it, reads the session as before. Written whole under a temp name and
 * renamed over, so a crash leaves the old draft or the new one, never half of one; an empty draft removes it.
 */
import {randomBytes} from 'node:crypto';
import {readFile, rename, rm, writeFile} from 'node:fs/promises';

export const draftSuffix = '.draft';

/** The draft saved beside `sessionFile` (the session's `.json` path), or '' when there is none or it cannot be read. */
export async function readDraft(sessionFile: string): Promise<string> {
	return readFile(`${sessionFile}${draftSuffix}`, 'utf8').catch(() => '');
}

/** Saves `text` as the draft of `sessionFile`'s session ('' removes it). Rejects with the file system's error. */
export async function writeDraft(sessionFile: string, text: string): Promise<void> {
	const file = `${sessionFile}${draftSuffix}`;
	if (text === '') {
		await rm(file, {force: true});
		return;
	}

	const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temporary, text, {mode: 0o600});
		await rename(temporary, file);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
}
