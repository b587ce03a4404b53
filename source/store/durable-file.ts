/**
 * A JSON file (read whole, written whole) that survives crashes and stays fast as the file grows, in three layers: the JSON file is
 * canonical and replaced whole (atomic-file.ts); small changes since it was last written go to `FILE.journal`,
 * one fsynced patch per line (journal-file.ts, patches from journal.ts), folded into it when the journal grows
 * or the writer closes; a long session keeps only its last messages in memory (session-window.ts). This class
 * only decides which to use: a patch or a whole write, the whole file or a window.
 */
import {open} from 'node:fs/promises';
import {check} from '../protocol/frames.js';
import type {z} from 'zod';
import {backupOf, isMissing, replaceFile} from './atomic-file.js';
import {SessionFileCorrupt, SessionJournalDamaged} from './errors.js';
import {nodeFileSystem, writeAll, type FileSystem} from './file-system.js';
import {journalSuffix} from './file-version.js';
import {applyPatches, diff, readJournal, shiftPatch, stampLine} from './journal.js';
import {JournalFile} from './journal-file.js';
import {readFileInPart} from './session-tail.js';
import {readEarlier, readWindow, writeWithEarlier, type Earlier} from './session-window.js';

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

export class DurableJsonFile<T extends object> {
	readonly backup: string;
	readonly journal: string;
	private readonly fs: FileSystem;
	/** What the file plus journal hold now, as last read or written by this adapter; patches are taken from it. */
	#onDisk: T | undefined;
	readonly #journal: JournalFile;
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
		this.backup = backupOf(file);
		this.journal = `${file}${journalSuffix}`;
		this.#journal = new JournalFile(this.journal, this.fs);
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
		const journal = await this.#journal.read();
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
		this.#journal.bytes = Buffer.byteLength(journal);
		this.#journal.torn = torn;
		this.#stamp = stamp;
		return result.value;
	}

	/** Appends what changed to the journal when that is small, else rewrites the file. */
	async write(data: T): Promise<void> {
		if (this.#onDisk !== undefined && !this.#journal.torn && this.#journal.bytes < maxJournalBytes) {
			const patch = diff(this.#onDisk as Record<string, unknown>, data as Record<string, unknown>, maxPatchItems);
			if (patch === null) {
				return;
			}

			if (patch) {
				const line = stampLine(this.#earlier ? shiftPatch(patch, 'messages', this.#earlier.count) : patch, this.#stamp);
				await this.#journal.append(line);
				this.#onDisk = data;
				return;
			}
		}

		await this.rewrite(data);
	}

	/** Writes the whole file (journal folded in) and empties the journal. */
	async rewrite(data: T): Promise<void> {
		const text = `${JSON.stringify(data, undefined, '\t')}\n`;
		const earlier = this.#earlier;
		await replaceFile(this.file, async handle => (earlier ? writeWithEarlier(handle, text, this.file, earlier) : writeAll(handle, text)), this.fs);
		// Patches left in the journal (a crash before this removal) are already in the file; applying them again changes nothing.
		await this.#journal.remove();
		this.#stamp = this.#stampOf(data);
		this.#onDisk = data;
	}

	/** Folds the journal into the file, so that the file alone is the session again (on close). */
	async compact(): Promise<void> {
		if (this.#onDisk !== undefined && (this.#journal.bytes > 0 || this.#journal.torn)) {
			await this.rewrite(this.#onDisk);
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

async function exists(file: string): Promise<boolean> {
	try {
		await (await open(file, 'r')).close();
		return true;
	} catch {
		return false;
	}
}
