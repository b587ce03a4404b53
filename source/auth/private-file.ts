/** JSON files only this user may read: keys and tokens. Written atomically, 0600, in a 0700 directory. */
import {chmod, mkdir, readFile, rename, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {hasErrorCode} from '../errors.js';
import {linkIfAbsent} from '../files/link-if-absent.js';

export async function readPrivateJson(file: string): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if (hasErrorCode(error, 'ENOENT')) {
			return undefined;
		}

		throw error;
	}

	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export async function writePrivateJson(file: string, value: unknown): Promise<void> {
	await rename(await writeTemporary(file, value), file);
}

/** Writes `file` only if it does not exist yet; false if another process got there first. */
export async function createPrivateJson(file: string, value: unknown): Promise<boolean> {
	const temporary = await writeTemporary(file, value);
	try {
		return await linkIfAbsent(temporary, file);
	} finally {
		await unlink(temporary);
	}
}

async function writeTemporary(file: string, value: unknown): Promise<string> {
	const dir = path.dirname(file);
	await mkdir(dir, {recursive: true, mode: 0o700});
	await chmod(dir, 0o700);
	const temporary = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
	await writeFile(temporary, `${JSON.stringify(value, null, '\t')}\n`, {mode: 0o600, flush: true});
	return temporary;
}
