/**
 * A journal on disk (`FILE.journal`): lines appended whole or not at all, each fsynced. journal.ts is what the
 * lines say (patches); this is only how they reach the disk, and what a writer must know of them: how many
 * bytes there are (when to fold them into the file) and whether a fragment may follow the last whole line.
 */
import {constants} from 'node:fs';
import path from 'node:path';
import {ignoreMissing, syncDirectory} from './atomic-file.js';
import {nodeFileSystem, writeAll, type FileSystem} from './file-system.js';

export class JournalFile {
	/** The journal's size as this writer knows it (bytes). */
	bytes = 0;
	/**
	 * True when a failed append could not be cut back: a fragment may follow the last whole line (readers cut
	 * it off), so the writer must not append after it but rewrite the file and remove the journal.
	 */
	torn = false;

	constructor(
		readonly path: string,
		private readonly fs: FileSystem = nodeFileSystem,
	) {}

	/** The journal's text; empty when there is none. */
	async read(): Promise<string> {
		return (await this.fs.readFile(this.path, 'utf8').catch(ignoreMissing)) ?? '';
	}

	/**
	 * Appends one line whole or not at all: written in as many `write()`s as it takes and fsynced; when the disk
	 * refuses part-way, the journal is cut back to where the line began, so the next line never follows a
	 * fragment, and the error is thrown.
	 */
	async append(line: string): Promise<void> {
		const handle = await this.fs.open(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
		try {
			const start = (await handle.stat()).size;
			try {
				await writeAll(handle, line);
				await handle.datasync();
				if (start === 0) {
					await syncDirectory(path.dirname(this.path)); // the journal's name must survive a crash too
				}
			} catch (error) {
				// Not saved, as the caller hears: so not in the file either, or it would come back after a restart.
				await handle
					.truncate(start)
					.then(async () => handle.datasync())
					.catch(() => {
						// Whatever is left after the last whole line is cut off by readers; the next write rewrites the file.
						this.torn = true;
					});
				throw error;
			}
		} finally {
			await handle.close();
		}

		this.bytes += Buffer.byteLength(line);
	}

	/** Removes the journal once the file holds all it said (a crash before this leaves patches that change nothing). */
	async remove(): Promise<void> {
		await this.fs.unlink(this.path).catch(ignoreMissing);
		this.bytes = 0;
		this.torn = false;
	}
}
