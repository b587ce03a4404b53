/** One writer per session file: a `NAME.lock` holding the writer's pid; a lock whose process is gone is stale. */
import {readFile, unlink, writeFile} from 'node:fs/promises';
import {SessionLocked} from './errors.js';

export type Lock = {release(): Promise<void>};

export async function acquireLock(file: string, name: string): Promise<Lock> {
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			await writeFile(file, String(process.pid), {flag: 'wx', mode: 0o600});
			return {release: async () => unlink(file).catch(() => undefined)};
		} catch (error) {
			if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) {
				throw error;
			}
		}

		const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
		if (Number.isInteger(holder) && isAlive(holder)) {
			throw new SessionLocked(name, holder);
		}

		await unlink(file).catch(() => undefined);
	}

	throw new SessionLocked(name, Number.NaN);
}

/** The pid of the process attached to a session, if one is. */
export async function lockHolder(file: string): Promise<number | undefined> {
	const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
	return Number.isInteger(holder) && isAlive(holder) ? holder : undefined;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error instanceof Error && 'code' in error && error.code === 'EPERM';
	}
}
