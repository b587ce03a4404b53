/**
 * The trash inside the sessions dir: every removal gets its own folder, `.trash/<when>-<id>/`, so a second
 * `rm` of a name keeps the first copy. Copies trashed before that layout lie in `.trash/` itself.
 */
import {randomBytes} from 'node:crypto';
import {mkdir, readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {nameOfFileStem, sessionFileStems} from './file-names.js';

export const trashDirName = '.trash';

/** One removed copy of a session: its name, the folder its files are in, and when it was removed. */
export type TrashedCopy = {name: string; dir: string; removedAt: Date};

/** `2026-11-30T02-24-12-123Z-1a2b3c`: sorts by time, and a file name on every system. */
const slotPattern = /^(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d)-(\d{3}Z)-[\da-f]+$/;

/** A new, empty folder in the trash for one removal at `now`. */
export async function newTrashSlot(sessionsDir: string, now: Date): Promise<string> {
	const slot = path.join(sessionsDir, trashDirName, `${now.toISOString().replaceAll(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`);
	await mkdir(slot, {recursive: true, mode: 0o700});
	return slot;
}

/** Every copy in the trash, newest first; none if there is no trash. */
export async function trashedCopies(sessionsDir: string): Promise<TrashedCopy[]> {
	const trash = path.join(sessionsDir, trashDirName);
	const copies: TrashedCopy[] = [];
	for (const stem of await sessionFileStems(trash)) {
		const info = await stat(path.join(trash, `${stem}.json`)).catch(() => undefined);
		copies.push({name: nameOfFileStem(stem), dir: trash, removedAt: info?.mtime ?? new Date(0)});
	}

	for (const entry of await readdir(trash).catch(() => [])) {
		const match = slotPattern.exec(entry);
		if (match) {
			const removedAt = new Date(`${match[1]}:${match[2]}:${match[3]}.${match[4]}`);
			const slot = path.join(trash, entry);
			copies.push(...(await sessionFileStems(slot)).map(stem => ({name: nameOfFileStem(stem), dir: slot, removedAt})));
		}
	}

	return copies.toSorted((a, b) => b.removedAt.getTime() - a.removedAt.getTime());
}
