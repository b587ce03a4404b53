/** One open session file: its data in memory over the durable file, saves coalesced while a reply streams, one writer. */
import {mkdir, readdir, unlink} from 'node:fs/promises';
import path from 'node:path';
import {messageSchema, type Message} from '../model/message.js';
import type {DurableJsonFile} from './durable-file.js';
import {DiskRefused, isDiskRefusal, SessionExists, SessionInTrash, SessionNameCase, SessionNotFound, SessionReadOnly} from './errors.js';
import type {FileSystem} from './file-system.js';
import {acquireLock, isLiveLockTemp, type Lock} from './lock.js';
import {fileStemOf, nameOfFileStem, sessionFileStems} from './file-names.js';
import {newSessionKey} from './identity.js';
import {isSessionKey} from '../protocol/session-key.js';
import {closeNames, validateSessionName} from './names.js';
import type {SessionData} from '../model/session-data.js';
import {currentVersion, newSessionData, sessionFile} from './session-file.js';
import {trashedCopies} from './trash.js';

/** At most one write per this many ms while streaming; `flush` writes at once. */
export const saveIntervalMs = 250;

/** The session's file in `dir`; throws InvalidSessionName for a name that is neither a bare name nor a full key. */
export function sessionPath(dir: string, name: string): string {
	return path.join(dir, `${fileStemOf(validateSessionName(name))}.json`);
}

/** The names of the sessions saved in `dir` (full keys decoded from their file names), sorted; none if it does not exist. */
export async function listSessionNames(dir: string): Promise<string[]> {
	return (await sessionFileStems(dir)).map(stem => nameOfFileStem(stem)).toSorted();
}

/** Reads a session file without taking the writer's lock (show, export, ls). */
export async function readSession(dir: string, name: string): Promise<SessionData> {
	return (await readSessionEnd(dir, name)).data;
}

/**
 * Reads a session file without its lock, parsing only its last `last` messages when given (`tether show
 * --last N`): the earlier ones are found by byte search and skipped (see session-window.ts), so a 10k-message
 * session costs little more than reading its bytes. `total` counts them all. Throws SessionNotFound/SessionInTrash.
 */
export async function readSessionEnd(dir: string, name: string, last?: number): Promise<{data: SessionData; total: number}> {
	const adapter = sessionFile(sessionPath(dir, name), last === undefined ? {} : {keepMessages: last});
	const data = await adapter.read();
	if (data === null) {
		throw await notFound(dir, name);
	}

	return {data, total: adapter.earlierCount + data.messages.length};
}

/** Why `name` cannot be opened: it is in the trash, or there is no such session (with close names). */
async function notFound(dir: string, name: string): Promise<SessionInTrash | SessionNotFound> {
	if ((await trashedCopies(dir)).some(copy => copy.name === name)) {
		return new SessionInTrash(name);
	}

	return new SessionNotFound(name, closeNames(name, await listSessionNames(dir)));
}

/**
 * Refuses a new session `name` when one whose name differs only in case exists; and an existing one whose file,
 * read under `name` on a case-insensitive disk, turns out to be that other session's. Twins made before (on
 * Linux) still open.
 */
export async function refuseCaseTwin(dir: string, name: string, read?: SessionData | null): Promise<void> {
	// A full key's capitals are encoded in its file name: keys that differ in case are two files everywhere.
	if (isSessionKey(name)) {
		return;
	}

	const twin = read ? read.name : (await listSessionNames(dir)).find(other => other.toLowerCase() === name.toLowerCase());
	if (twin !== undefined && twin !== name && twin.toLowerCase() === name.toLowerCase()) {
		throw new SessionNameCase(name, twin);
	}
}

export type OpenMode = 'create' | 'attach' | 'attach-or-create';

export class SessionStore {
	#timer: NodeJS.Timeout | undefined;
	#writing: Promise<void> = Promise.resolve();
	#dirty = false;
	/** The session in memory: what the next save writes. */
	#data: SessionData;

	private constructor(
		data: SessionData,
		private readonly adapter: DurableJsonFile<SessionData>,
		private readonly lock: Lock,
		readonly file: string,
		/** Opened without the lock, to watch: changes stay in memory and nothing is ever written. */
		readonly readOnly = false,
	) {
		this.#data = data;
	}

	/**
	 * Opens (or creates) a session for writing; `sessionKey` names the gateway session a new file maps to;
	 * `detachable` marks the lock as held by a client that lets go when asked (takeover.ts).
	 */
	static async open(
		dir: string,
		name: string,
		mode: OpenMode,
		options: {now?: Date; sessionKey?: string; keepMessages?: number; fs?: FileSystem; detachable?: boolean} = {},
	): Promise<SessionStore> {
		const file = sessionPath(dir, name);
		const notOpened = `session ${name} was not opened and nothing was saved`;
		await mkdir(dir, {recursive: true, mode: 0o700}).catch((error: unknown) => {
			throw DiskRefused.from(error, notOpened, dir);
		});
		const lock = await acquireLock(`${file}.lock`, name, {detachable: options.detachable === true}).catch((error: unknown) => {
			throw DiskRefused.from(error, notOpened, `${file}.lock`);
		});
		try {
			const adapter = sessionFile(file, {...(options.keepMessages !== undefined && {keepMessages: options.keepMessages}), ...(options.fs && {fs: options.fs})});
			const existing = await adapter.read();
			await refuseCaseTwin(dir, name, existing);
			if (existing && mode === 'create') {
				throw new SessionExists(name);
			}

			if (!existing && mode === 'attach') {
				throw await notFound(dir, name);
			}

			await removeStaleTemps(dir, name);
			// A new session is its own conversation: a name used before does not lead back to the old one's.
			const sessionKey = existing ? undefined : (options.sessionKey ?? (await newSessionKey(dir, name)));
			const fresh = newSessionData(name, options.now ?? new Date());
			const store = new SessionStore(existing ?? {...fresh, ...(sessionKey && {gateway: {sessionKey}})}, adapter, lock, file);
			if (!existing) {
				store.#dirty = true;
				await store.flush();
			}

			return store;
		} catch (error) {
			await lock.release();
			throw DiskRefused.from(error, notOpened);
		}
	}

	/**
	 * Opens a saved session to watch it from a second terminal: no lock is taken, and nothing is written (the
	 * writer, whoever holds the lock, keeps the file). What the link brings changes only the copy in memory.
	 */
	static async openReadOnly(dir: string, name: string, options: {keepMessages?: number} = {}): Promise<SessionStore> {
		const file = sessionPath(dir, name);
		const adapter = sessionFile(file, {...(options.keepMessages !== undefined && {keepMessages: options.keepMessages})});
		const existing = await adapter.read();
		if (!existing) {
			throw await notFound(dir, name);
		}

		return new SessionStore(existing, adapter, {release: async () => undefined}, file, true);
	}

	/** The session in memory; with `keepMessages`, its last messages only (`earlierCount` are in the file). */
	get data(): SessionData {
		return this.#data;
	}

	get earlierCount(): number {
		return this.adapter.earlierCount;
	}

	/** The whole session, earlier messages included: saved first, then read back. */
	async readWhole(): Promise<SessionData> {
		if (this.earlierCount === 0) {
			return this.data;
		}

		await this.flush();
		return (await sessionFile(this.file).read()) ?? this.data;
	}

	/** Hands the messages left in the file to `visit`, a group at a time; any that do not read as messages are skipped. */
	async readEarlier(visit: (messages: Message[]) => void): Promise<void> {
		await this.adapter.readEarlier(group =>
			visit(
				group.flatMap(item => {
					const parsed = messageSchema.safeParse(item);
					return parsed.success ? [parsed.data] : [];
				}),
			),
		);
	}

	/** Replaces the data and schedules a coalesced save. */
	update(change: (data: SessionData) => SessionData): void {
		this.#data = currentVersion(change(this.#data));
		if (this.readOnly) {
			return;
		}

		this.#dirty = true;
		this.#timer ??= setTimeout(() => {
			this.#timer = undefined;
			void this.flush();
		}, saveIntervalMs);
	}

	/**
	 * Applies a change that must be on disk before anyone can see it (a message the user typed):
	 * the file is written with it first, and only then does the in-memory copy take it.
	 */
	async commit(change: (data: SessionData) => SessionData): Promise<void> {
		if (this.readOnly) {
			throw new SessionReadOnly(this.data.name);
		}

		return this.#serially(async () => {
			const base = this.#data;
			await this.adapter.write(currentVersion(change(base))).catch((error: unknown) => {
				throw DiskRefused.from(error, 'the new message was not saved; what the session held before it is');
			});
			// Changes made during the write are still only in memory: they keep the file dirty.
			const current = this.#data;
			this.#data = currentVersion(change(current));
			this.#dirty = current !== base;
		});
	}

	/**
	 * Writes now if anything changed; writes never overlap. A failed write leaves the changes to the next one;
	 * it rejects for whoever awaits it, and a flush fired and forgotten (a reply's end) cannot crash the process.
	 */
	flush(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		const flushed = this.#serially(async () => {
			if (this.#dirty) {
				this.#dirty = false;
				await this.adapter.write(this.#data).catch((error: unknown) => {
					this.#dirty = true;
					throw DiskRefused.from(error, 'the latest changes to the session are not saved');
				});
			}
		});
		flushed.catch(() => undefined);
		return flushed;
	}

	/** Writes never overlap; a failed one was reported to whoever awaited it and does not block the next. */
	async #serially(write: () => Promise<void>): Promise<void> {
		this.#writing = this.#writing.catch(() => undefined).then(write);
		return this.#writing;
	}

	/** Saves, folds the journal into the file, and lets another writer in. */
	async close(): Promise<void> {
		if (this.readOnly) {
			return;
		}

		try {
			await this.flush();
			// Folding is only tidying: what it would write is already durable in the journal, read at the next open.
			await this.adapter.compact().catch((error: unknown) => {
				if (!isDiskRefusal(error)) {
					throw error;
				}
			});
		} finally {
			await this.lock.release();
		}
	}
}

/** Temp files are left only by a writer that died mid-write; the lock holder may remove them. */
async function removeStaleTemps(dir: string, name: string): Promise<void> {
	const prefix = `${fileStemOf(name)}.json.`;
	for (const entry of await readdir(dir)) {
		if (entry.startsWith(prefix) && entry.endsWith('.tmp') && !isLiveLockTemp(entry)) {
			await unlink(path.join(dir, entry)).catch(() => undefined);
		}
	}
}
