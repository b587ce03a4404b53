/**
 * Recovery of a damaged session file: kept aside, never deleted; replaced by the last good copy or a fresh
 * file. A damaged journal beside a good file is kept aside too, and what of it reads is applied to the file.
 */
import {copyFile, readFile, rename} from 'node:fs/promises';
import type {DurableJsonFile} from './durable-file.js';
import {SessionFileCorrupt, SessionJournalDamaged} from './errors.js';
import {applyPatch, salvageJournal} from './journal.js';
import {acquireLock} from './lock.js';
import {sessionFileSchema, type SessionData} from '../model/session-data.js';
import {newSessionData, sessionFile, sessionStamp} from './session-file.js';
import {sessionPath} from './session-store.js';

export type Recovery =
	| {kind: 'healthy'}
	| {kind: 'restored'; keptAs: string; messages: number}
	| {kind: 'salvaged'; keptAs: string; applied: number; dropped: number}
	| {kind: 'fresh'; keptAs: string};

export async function recoverSession(dir: string, name: string, now = new Date()): Promise<Recovery> {
	const file = sessionPath(dir, name);
	const lock = await acquireLock(`${file}.lock`, name);
	try {
		const current = sessionFile(file);
		const damage = await readable(current).catch((error: unknown) => {
			if (error instanceof SessionJournalDamaged) {
				return error;
			}

			throw error;
		});
		if (damage instanceof SessionJournalDamaged) {
			return await salvage(current, now);
		}

		if (damage) {
			return {kind: 'healthy'};
		}

		const keptAs = `${file}.corrupt-${now.toISOString().replaceAll(':', '-')}`;
		await rename(file, keptAs);
		// Its journal patches that file, not the copy restored below.
		await rename(current.journal, `${keptAs}.journal`).catch(() => undefined);
		const backup = await readable(sessionFile(current.backup));
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

/** Sets the journal aside and folds into the file every line of it that is a patch of this session and leaves it valid. */
async function salvage(current: DurableJsonFile<SessionData>, now: Date): Promise<Recovery> {
	const keptAs = `${current.journal}.corrupt-${now.toISOString().replaceAll(':', '-')}`;
	const text = await readFile(current.journal, 'utf8');
	await rename(current.journal, keptAs);
	const base = (await current.read())!;
	const {patches, dropped} = salvageJournal(text, sessionStamp(base));
	let data = base;
	let applied = 0;
	for (const patch of patches) {
		const next = sessionFileSchema.safeParse(applyPatch(data, patch));
		if (next.success) {
			data = next.data;
			applied++;
		}
	}

	await current.rewrite(data);
	return {kind: 'salvaged', keptAs, applied, dropped: dropped + patches.length - applied};
}

async function readable(file: DurableJsonFile<ReturnType<typeof newSessionData>>) {
	try {
		return await file.read();
	} catch (error) {
		// A damaged journal beside a good file is salvaged, not a reason to set the file aside.
		if (error instanceof SessionFileCorrupt && !(error instanceof SessionJournalDamaged)) {
			return null;
		}

		throw error;
	}
}
