/**
 * A lowdb adapter that survives crashes: validated reads, and writes that go to a temp file, are fsynced,
 * renamed over the file and made durable with a directory fsync, keeping the previous good copy as `.bak`.
 */
import {constants} from 'node:fs';
import {link, open, readFile, rename, unlink} from 'node:fs/promises';
import path from 'node:path';
import type {Adapter} from 'lowdb';
import {check} from '../protocol/frames.js';
import type {z} from 'zod';
import {SessionFileCorrupt} from './errors.js';

let writes = 0;

export class DurableJsonFile<T> implements Adapter<T> {
	readonly backup: string;

	constructor(
		readonly file: string,
		private readonly schema: z.ZodType<T>,
	) {
		this.backup = `${file}.bak`;
	}

	async read(): Promise<T | null> {
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (error) {
			if (isMissing(error)) {
				return null;
			}

			throw error;
		}

		const parsed = parseJson(text);
		const result = parsed.ok ? check(this.schema, parsed.value, 'session file') : parsed;
		if (!result.ok) {
			throw new SessionFileCorrupt(this.file, result.reason, (await exists(this.backup)) ? this.backup : undefined);
		}

		return result.value;
	}

	async write(data: T): Promise<void> {
		// A name of its own per write: no two writers (even in one process) can rename each other's file.
		const temp = `${this.file}.${process.pid}-${++writes}.tmp`;
		const handle = await open(temp, 'w', 0o600);
		try {
			await handle.writeFile(JSON.stringify(data, undefined, '\t') + '\n');
			await handle.sync();
		} finally {
			await handle.close();
		}

		await this.#keepBackup();
		await rename(temp, this.file);
		await syncDirectory(path.dirname(this.file));
	}

	/** A hard link keeps the current (last good) file as `.bak` without copying it. */
	async #keepBackup(): Promise<void> {
		await unlink(this.backup).catch(ignoreMissing);
		await link(this.file, this.backup).catch(ignoreMissing);
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
