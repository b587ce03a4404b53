/**
 * A file replaced whole or not at all: written to a temp file of its own, fsynced, the previous good copy kept
 * as `FILE.bak` (a hard link, no copy), renamed over the file, and the directory fsynced so that the rename
 * survives a crash. A reader sees the old file or the new one, never a mix.
 */
import {constants} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {hasErrorCode} from '../errors.js';
import {nodeFileSystem, type FileSystem} from './file-system.js';

let writes = 0;

export const backupOf = (file: string): string => `${file}.bak`;

/**
 * Replaces `file` with what `write` puts in the temp file handed to it. When anything fails (the disk refuses
 * a write, the rename), the file is as it was, no temp file is left, and the error is thrown.
 */
export async function replaceFile(file: string, write: (handle: FileHandle) => Promise<void>, fs: FileSystem = nodeFileSystem): Promise<void> {
	// A name of its own per write: no two writers (even in one process) can rename each other's file.
	const temp = `${file}.${process.pid}-${++writes}.tmp`;
	try {
		const handle = await fs.open(temp, 'w', 0o600);
		try {
			await write(handle);
			await handle.sync();
		} finally {
			await handle.close();
		}

		await keepBackup(file, fs);
		await fs.rename(temp, file);
	} catch (error) {
		// The file is as it was; a temp file left on a full disk would only make it fuller.
		await fs.unlink(temp).catch(() => undefined);
		throw error;
	}

	await syncDirectory(path.dirname(file));
}

/** A hard link keeps the current (last good) file as `.bak` without copying it. */
async function keepBackup(file: string, fs: FileSystem): Promise<void> {
	const backup = backupOf(file);
	await fs.unlink(backup).catch(ignoreMissing);
	await fs.link(file, backup).catch(ignoreMissing);
}

/** Makes the directory's entries (a rename, a new file's name) durable. */
export async function syncDirectory(directory: string): Promise<void> {
	const handle = await open(directory, constants.O_RDONLY);
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

export function isMissing(error: unknown): boolean {
	return hasErrorCode(error, 'ENOENT');
}

/** For `.catch`: a missing file is what was wanted (or nothing to do); any other error is thrown on. */
export function ignoreMissing(error: unknown): void {
	if (!isMissing(error)) {
		throw error;
	}
}
