/**
 * A lowdb adapter that survives crashes and stays fast as the file grows. The JSON file is canonical; small
 * changes since it was last written go to `FILE.journal`, one fsynced patch per line, and are folded into it
 * when the journal grows or the writer closes. A full write goes to a temp file, is fsynced, renamed over the
 * file and made durable with a directory fsync, keeping the previous good copy as `.bak`.
 */
import {constants} from 'node:fs';
import {open} from 'node:fs/promises';
import path from 'node:path';
import type {Adapter} from 'lowdb';
import {check} from '../protocol/frames.js';
import type {z} from 'zod';
import {SessionFileCorrupt, SessionJournalDamaged} from './errors.js';
import {nodeFileSystem, writeAll, type FileSystem} from './file-system.js';
import {journalSuffix} from './file-version.js';
import {applyPatches, diff, readJournal, shiftPatch, stampLine} from './journal.js';
import {readFileInPart} from './session-tail.js';
import {readEarlier, readWindow, writeWithEarlier, type Earlier} from './session-window.js';

let writes = 0;

/** A patch larger than this many array elements is not worth journaling: the file is rewritten. */
const maxPatchItems = 200;
/** Past this size the journal is folded into the file at the next write. */
const maxJournalBytes = 4 * 1024 * 1024;

export type DurableOptions = {
	/**
	 * Keep only the last this many messages in memory (see session-window.ts); the rest stay in the file. Taken
	 * when the file is in Tether's layout and has no journal to apply (after a crash it is read whole).
	 */
	keepMessages?: number;
	/**
	 * Which document the journal patches (for a session: its name and creation time), written on every line;
	 * a line stamped otherwise is damage, not a patch. Without it lines are not stamped.
	 */
	stamp?: (document: Record<string, unknown>) => string | undefined;
	fs?: FileSystem;
};

export class DurableJsonFile<T extends object> implements Adapter<T> {
	readonly backup: string;
	readonly journal: string;
	private readonly fs: FileSystem;
	/** What the file plus journal hold now, as last read or written by this adapter; patches are taken from it. */
	#onDisk: T | undefined;
	#journalBytes = 0;
	#journalTorn = false;
	/** The stamp of the file the journal patches (see DurableOptions.stamp). */
	#stamp: string | undefined;
	/** Messages left in the file, before those in memory. */
	#earlier: Earlier | undefined;

	constructor(
		readonly file: string,
		private readonly schema: z.ZodType<T>,
		private readonly options: DurableOptions = {},
	) {
		this.fs = options.fs ?? nodeFileSystem;
		this.backup = `${file}.bak`;
		this.journal = `${file}${journalSuffix}`;
	}

	/** How many messages the file holds before those read (0 unless `keepMessages` left some out). */
	get earlierCount(): number {
		return this.#earlier?.count ?? 0;
	}

	/** Hands the messages left in the file to `visit`, a group at a time (unchecked: they were checked when written). */
	async readEarlier(visit: (group: unknown[]) => void): Promise<void> {
		if (this.#earlier) {
			await readEarlier(this.file, this.#earlier, visit);
		}
	}

	async read(): Promise<T | null> {
		const journal = await this.fs.readFile(this.journal, 'utf8').catch(ignoreMissing).then(text => text ?? '');
		let window: Awaited<ReturnType<typeof readWindow>>;
		let text = '';
		try {
			const {keepMessages} = this.options;
			window = keepMessages !== undefined && journal === '' ? await readFileInPart(this.file, async bytes => readWindow(bytes, keepMessages)) : undefined;
			text = window ? '' : await this.fs.readFile(this.file, 'utf8');
		} catch (error) {
			if (isMissing(error)) {
				return null;
			}

			throw error;
		}

		const parsed = window ? {ok: true as const, value: window.document} : parseJson(text);
		const stamp = parsed.ok ? this.#stampOf(parsed.value) : undefined;
		const {patches, torn, damage} = readJournal(parsed.ok ? journal : '', stamp);
		if (damage) {
			throw new SessionJournalDamaged(this.file, this.journal, damage);
		}

		const patched = parsed.ok ? {ok: true as const, value: applyPatches(parsed.value as Record<string, unknown>, patches)} : parsed;
		const result = patched.ok ? check(this.schema, patched.value, 'session file') : patched;
		if (!result.ok) {
			throw new SessionFileCorrupt(this.file, result.reason, (await exists(this.backup)) ? this.backup : undefined);
		}

		this.#onDisk = result.value;
		this.#earlier = window?.earlier;
		this.#journalBytes = Buffer.byteLength(journal);
		this.#journalTorn = torn;
		this.#stamp = stamp;
		return result.value;
	}

	/** Appends what changed to the journal when that is small, else rewrites the file. */
	async write(data: T): Promise<void> {
		if (this.#onDisk !== undefined && !this.#journalTorn && this.#journalBytes < maxJournalBytes) {
			const patch = diff(this.#onDisk as Record<string, unknown>, data as Record<string, unknown>, maxPatchItems);
			if (patch === null) {
				return;
			}

			if (patch) {
				const line = stampLine(this.#earlier ? shiftPatch(patch, 'messages', this.#earlier.count) : patch, this.#stamp);
				await this.#appendWhole(line);
				this.#journalBytes += Buffer.byteLength(line);
				this.#onDisk = data;
				return;
			}
		}

		await this.rewrite(data);
	}

	/** Writes the whole file (journal folded in) and empties the journal. */
	async rewrite(data: T): Promise<void> {
		// A name of its own per write: no two writers (even in one process) can rename each other's file.
		const temp = `${this.file}.${process.pid}-${++writes}.tmp`;
		try {
			const handle = await this.fs.open(temp, 'w', 0o600);
			try {
				const text = JSON.stringify(data, undefined, '\t') + '\n';
				await (this.#earlier ? writeWithEarlier(handle, text, this.file, this.#earlier) : writeAll(handle, text));
				await handle.sync();
			} finally {
				await handle.close();
			}

			await this.#keepBackup();
			await this.fs.rename(temp, this.file);
		} catch (error) {
			// The file is as it was; a temp file left on a full disk would only make it fuller.
			await this.fs.unlink(temp).catch(() => undefined);
			throw error;
		}

		await syncDirectory(path.dirname(this.file));
		// Patches left in the journal (a crash before this unlink) are already in the file; applying them again changes nothing.
		await this.fs.unlink(this.journal).catch(ignoreMissing);
		this.#stamp = this.#stampOf(data as Record<string, unknown>);
		this.#onDisk = data;
		this.#journalBytes = 0;
		this.#journalTorn = false;
	}

	/** Folds the journal into the file, so that the file alone is the session again (on close). */
	async compact(): Promise<void> {
		if (this.#onDisk !== undefined && (this.#journalBytes > 0 || this.#journalTorn)) {
			await this.rewrite(this.#onDisk);
		}
	}

	/** A hard link keeps the current (last good) file as `.bak` without copying it. */
	async #keepBackup(): Promise<void> {
		await this.fs.unlink(this.backup).catch(ignoreMissing);
		await this.fs.link(this.file, this.backup).catch(ignoreMissing);
	}

	/**
	 * Appends one line whole or not at all: written in as many `write()`s as it takes and fsynced; when the disk
	 * refuses part-way, the journal is cut back to where the line began, so the next line never follows a fragment.
	 */
	async #appendWhole(line: string): Promise<void> {
		const handle = await this.fs.open(this.journal, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
		try {
			const start = (await handle.stat()).size;
			try {
				await writeAll(handle, line);
				await handle.datasync();
				if (start === 0) {
					await syncDirectory(path.dirname(this.file)); // the journal's name must survive a crash too
				}
			} catch (error) {
				// Not saved, as the caller hears: so not in the file either, or it would come back after a restart.
				await handle
					.truncate(start)
					.then(async () => handle.datasync())
					.catch(() => {
						// Whatever is left after the last whole line is cut off by readers; the next write rewrites the file.
						this.#journalTorn = true;
					});
				throw error;
			}
		} finally {
			await handle.close();
		}
	}

	#stampOf(document: unknown): string | undefined {
		return typeof document === 'object' && document !== null ? this.options.stamp?.(document as Record<string, unknown>) : undefined;
	}
}

function parseJson(text: string): {ok: true; value: unknown} | {ok: false; reason: string} {
	if (text.trim() === '') {
		return {ok: false, reason: 'the file is empty'};
	}

	try {
		return {ok: true, value: JSON.parse(text)};
	} catch {
		return {ok: false, reason: 'not valid JSON'};
	}
}

async function syncDirectory(directory: string): Promise<void> {
	const handle = await open(directory, constants.O_RDONLY);
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

async function exists(file: string): Promise<boolean> {
	try {
		await (await open(file, 'r')).close();
		return true;
	} catch {
		return false;
	}
}

function isMissing(error: unknown): boolean {
	return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function ignoreMissing(error: unknown): void {
	if (!isMissing(error)) {
		throw error;
	}
}
