/**
 * One writer per session file: a `NAME.lock` holding the writer's pid; a lock whose process is gone is stale.
 * Where the system tells when a process started (Linux), the lock holds that too, after the pid: a pid
 * reused by another process (after a reboot, say) does not keep the session locked for ever.
 *
 * Taking it is one atomic step: the pid is written whole under a temp name and `link()`ed into place, which
 * fails if a lock is there, so no one ever reads a lock half written. Taking over a stale lock is done under
 * `NAME.lock.break`, taken the same way: only its holder may remove a lock, and while it decides no one else
 * can remove or replace that lock (its owner is dead; a new one cannot be linked while it exists), so between
 * "it is stale" and removing it nothing can come in.
 */
import {readFileSync} from 'node:fs';
import {readFile, unlink, writeFile} from 'node:fs/promises';
import {hasErrorCode} from '../errors.js';
import {linkIfAbsent} from '../files/link-if-absent.js';
import {SessionLocked} from './errors.js';

export type Lock = {release(): Promise<void>};

/**
 * The word a lock ends with when its holder answers a takeover request (see takeover.ts): an interactive client
 * that saves and lets go on SIGUSR2. A one-shot command (send, rename) does not, and would be killed by that
 * signal's default action, so it is never sent one.
 */
const detachableWord = 'detachable';

/** The live process holding a lock, and whether it can be asked to let go. */
export type LockHolder = {pid: number; detachable: boolean};

/** Taking over never loops for ever: each round either takes the lock, finds it held, or removes a stale one. */
const maxRounds = 5;
let temps = 0;

/**
 * Takes the lock at `file` for this process; `detachable` says it answers takeover requests. Throws
 * SessionLocked naming the live holder.
 */
export async function acquireLock(file: string, name: string, options: {detachable?: boolean} = {}): Promise<Lock> {
	const temp = `${file}.${process.pid}-${++temps}.tmp`;
	const start = startOf(process.pid);
	const words = [String(process.pid), ...(start === undefined ? [] : [start]), ...(options.detachable ? [detachableWord] : [])];
	await writeFile(temp, words.join(' '), {flag: 'wx', mode: 0o600});
	try {
		let holder = Number.NaN;
		for (let round = 0; round < maxRounds; round++) {
			if (await linkIfAbsent(temp, file)) {
				return {release: async () => unlink(file).catch(() => undefined)};
			}

			const current = await readHolder(file);
			if (current === undefined) {
				continue; // released meanwhile
			}

			holder = current;
			if (isAlive(holder)) {
				throw new SessionLocked(name, holder);
			}

			const breaking = await breakStale(file, temp);
			if (breaking !== undefined) {
				holder = breaking;
			}
		}

		throw new SessionLocked(name, holder);
	} finally {
		await unlink(temp).catch(() => undefined);
	}
}

/**
 * Removes the lock at `file` if its process is gone, holding `file.break` (our `temp` linked there) meanwhile;
 * returns the pid of another process that is taking it over, if one is.
 */
async function breakStale(file: string, temp: string): Promise<number | undefined> {
	const breaker = `${file}.break`;
	if (!(await linkIfAbsent(temp, breaker))) {
		const other = await readHolder(breaker);
		if (other === undefined || isAlive(other)) {
			return other;
		}

		// Left by a process that died while taking over: only this small step can race, and only after that crash.
		await unlink(breaker).catch(() => undefined);
		return undefined;
	}

	try {
		const holder = await readHolder(file);
		if (holder !== undefined && !isAlive(holder)) {
			await unlink(file).catch(() => undefined);
		}

		return undefined;
	} finally {
		await unlink(breaker).catch(() => undefined);
	}
}

/**
 * The live holder's pid in a lock file; NaN for a holder that is gone (or a lock left empty by an older
 * Tether), so that it is taken over; undefined if there is no lock.
 */
async function readHolder(file: string): Promise<number | undefined> {
	return (await readLock(file))?.pid;
}

/** A lock's holder as written: `PID [START] [detachable]`; the pid is NaN when that process is gone. */
async function readLock(file: string): Promise<LockHolder | undefined> {
	const text = await readFile(file, 'utf8').catch(() => undefined);
	if (text === undefined) {
		return undefined;
	}

	const [pid, ...rest] = text.trim().split(' ');
	const start = rest.find(word => word !== detachableWord);
	const holder = Number.parseInt(pid ?? '', 10);
	// A lock written before start times were recorded, or on a system without them, is judged by its pid alone.
	const current = start === undefined ? undefined : startOf(holder);
	return {pid: current !== undefined && current !== start ? Number.NaN : holder, detachable: rest.includes(detachableWord)};
}

/**
 * When process `pid` started, as a token that is the same for the whole life of one process and differs for
 * the next one given that pid: the boot's id and the start time in clock ticks since boot (Linux); undefined
 * where that cannot be read.
 */
function startOf(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
		const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
		return ticks ? `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}/${ticks}` : undefined;
	} catch {
		return undefined;
	}
}

/** Whether a file name is the temp of a lock being taken by a live process (to be left alone by the cleanup of temps). */
export function isLiveLockTemp(entry: string): boolean {
	const owner = /\.lock\.(\d+)-\d+\.tmp$/.exec(entry);
	return owner !== null && isAlive(Number(owner[1]));
}

/** The process attached to a session (its lock file), if one is alive. */
export async function lockHolder(file: string): Promise<LockHolder | undefined> {
	const holder = await readLock(file);
	return holder !== undefined && isAlive(holder.pid) ? holder : undefined;
}

/** Whether process `pid` exists (one of another user's counts: it cannot be signalled, but it is there). */
export function isAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) {
		return false;
	}

	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return hasErrorCode(error, 'EPERM');
	}
}
