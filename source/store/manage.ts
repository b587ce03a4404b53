/** Moving sessions about: to the trash and back, renaming, archiving. Each takes the session's lock first. */
import {mkdir, rename, rmdir} from 'node:fs/promises';
import path from 'node:path';
import {draftSuffix} from './draft.js';
import {journalSuffix} from './file-version.js';
import {DiskRefused, InvalidSessionName, NotInTrash, SessionExists, SessionNotFound} from './errors.js';
import {acquireLock} from './lock.js';
import {fileStemOf} from './file-names.js';
import {isSessionKey, sessionKeyOf} from '../protocol/session-key.js';
import {closeNames, validateSessionName} from './names.js';
import {sessionFile} from './session-file.js';
import {listSessionNames, refuseCaseTwin, sessionPath} from './session-store.js';
import {newTrashSlot, trashDirName, trashedCopies, type TrashedCopy} from './trash.js';

async function withLock<T>(dir: string, name: string, work: () => Promise<T>): Promise<T> {
	const lock = await acquireLock(`${sessionPath(dir, name)}.lock`, name);
	try {
		return await work();
	} finally {
		await lock.release();
	}
}

/** Runs `work`, a refusal of the disk (a read-only sessions dir) told as one line saying what did not happen. */
async function refusing<T>(outcome: string, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw DiskRefused.from(error, outcome);
	}
}

async function mustExist(dir: string, name: string): Promise<void> {
	const names = await listSessionNames(dir);
	if (!names.includes(validateSessionName(name))) {
		throw new SessionNotFound(name, closeNames(name, names));
	}
}

/** Moves the file (and its .bak, journal and unsent draft) into `from`→`to`, replacing what `to` held. */
async function moveFiles(from: string, to: string, name: string, newName = name): Promise<void> {
	for (const suffix of ['.json', `.json${journalSuffix}`, '.json.bak', `.json${draftSuffix}`]) {
		await rename(path.join(from, `${fileStemOf(name)}${suffix}`), path.join(to, `${fileStemOf(newName)}${suffix}`)).catch((error: unknown) => {
			if (suffix === '.json') {
				throw error;
			}
		});
	}
}

/** Moves a session to a folder of its own in the trash, beside any earlier copies of it; `restoreSession` undoes it. */
export async function trashSession(dir: string, name: string, now = new Date()): Promise<void> {
	await mustExist(dir, name);
	await refusing(`session ${name} was not moved to the trash`, async () => {
		// A read-only sessions dir is told by the trash's path, not the lock's temp file.
		await mkdir(path.join(dir, trashDirName), {recursive: true, mode: 0o700});
		await withLock(dir, name, async () => {
			const slot = await newTrashSlot(dir, now);
			await moveFiles(dir, slot, name).catch(async (error: unknown) => {
				await rmdir(slot).catch(() => undefined);
				throw error;
			});
		});
	});
}

/** What a restore brought back, and the older copies of that name still in the trash. */
export type Restored = {restored: TrashedCopy; older: TrashedCopy[]};

/** Brings back the copy of `name` removed last; the older ones stay in the trash. */
export async function restoreSession(dir: string, name: string): Promise<Restored> {
	validateSessionName(name);
	const copies = await trashedCopies(dir);
	const [latest, ...older] = copies.filter(copy => copy.name === name);
	if (!latest) {
		throw new NotInTrash(name, closeNames(name, [...new Set(copies.map(copy => copy.name))]));
	}

	if ((await listSessionNames(dir)).includes(name)) {
		throw new SessionExists(name);
	}

	await refusing(`session ${name} was not restored`, async () =>
		withLock(dir, name, async () => {
			await moveFiles(latest.dir, dir, name);
			// The removal's own folder is empty now (rmdir leaves any folder that is not).
			await rmdir(latest.dir).catch(() => undefined);
		}),
	);
	return {restored: latest, older};
}

export async function renameSession(dir: string, from: string, to: string): Promise<void> {
	validateSessionName(to);
	await mustExist(dir, from);
	if ((await listSessionNames(dir)).includes(to)) {
		throw new SessionExists(to);
	}

	if (from.toLowerCase() !== to.toLowerCase()) {
		await refuseCaseTwin(dir, to);
	}

	await refusing(`session ${from} was not renamed`, async () =>
		withLock(dir, from, async () =>
			withLock(dir, to, async () => {
				// The gateway session keeps its key, so the conversation goes on under the new name.
				const file = sessionFile(sessionPath(dir, from));
				const data = (await file.read())!;
				const sessionKey = data.gateway.sessionKey ?? sessionKeyOf('main', from);
				// A full key as the new name would promise a gateway session the renamed one is not.
				if (isSessionKey(to) && to !== sessionKey) {
					throw new InvalidSessionName(to, `a renamed session stays gateway session ${sessionKey}; give it a bare name or that key`);
				}

				await file.write({...data, name: to, gateway: {...data.gateway, sessionKey}});
				await moveFiles(dir, dir, from, to);
			}),
		),
	);
}

export async function setArchived(dir: string, name: string, archived: boolean, now = new Date()): Promise<void> {
	await mustExist(dir, name);
	await refusing(`session ${name} was not ${archived ? 'archived' : 'unarchived'}`, async () =>
		withLock(dir, name, async () => {
			const file = sessionFile(sessionPath(dir, name));
			const {archivedAt: _previous, ...data} = (await file.read())!;
			await file.write(archived ? {...data, archivedAt: now.toISOString()} : data);
		}),
	);
}
