/** Recovery of a damaged session file: kept aside, never deleted; replaced by the last good copy or a fresh file. */
import {copyFile, rename} from 'node:fs/promises';
import {DurableJsonFile} from './durable-file.js';
import {SessionFileCorrupt} from './errors.js';
import {acquireLock} from './lock.js';
import {newSessionData, sessionFileSchema} from './session-file.js';
import {sessionPath} from './session-store.js';

export type Recovery =
	| {kind: 'healthy'}
	| {kind: 'restored'; keptAs: string; messages: number}
	| {kind: 'fresh'; keptAs: string};

export async function recoverSession(dir: string, name: string, now = new Date()): Promise<Recovery> {
	const file = sessionPath(dir, name);
	const lock = await acquireLock(`${file}.lock`, name);
	try {
		const current = new DurableJsonFile(file, sessionFileSchema);
		if (await readable(current)) {
			return {kind: 'healthy'};
		}

		const keptAs = `${file}.corrupt-${now.toISOString().replaceAll(':', '-')}`;
		await rename(file, keptAs);
		// Its journal patches that file, not the copy restored below.
		await rename(current.journal, `${keptAs}.journal`).catch(() => undefined);
		const backup = await readable(new DurableJsonFile(current.backup, sessionFileSchema));
		if (backup) {
			// A copy, so the .bak stays as it was whatever happens next.
			await copyFile(current.backup, `${file}.restoring`);
			await rename(`${file}.restoring`, file);
			return {kind: 'restored', keptAs, messages: backup.messages.length};
		}

		await current.write(newSessionData(name, now));
		return {kind: 'fresh', keptAs};
	} finally {
		await lock.release();
	}
}

async function readable(file: DurableJsonFile<ReturnType<typeof newSessionData>>) {
	try {
		return await file.read();
	} catch (error) {
		if (error instanceof SessionFileCorrupt) {
			return null;
		}

		throw error;
	}
}
