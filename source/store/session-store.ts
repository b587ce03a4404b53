/** One open session file: lowdb over the durable adapter, saves coalesced while a reply streams, one writer. */
import {mkdir, readdir, unlink} from 'node:fs/promises';
import path from 'node:path';
import {Low} from 'lowdb';
import {messageSchema, type Message} from '../session/message.js';
import {DurableJsonFile} from './durable-file.js';
import {SessionExists, SessionNotFound} from './errors.js';
import {acquireLock, type Lock} from './lock.js';
import {fileStemOf, nameOfFileStem, sessionFileStems} from './file-names.js';
import {closeNames, validateSessionName} from './names.js';
import {currentVersion, newSessionData, sessionFileSchema, type SessionData} from './session-file.js';

/** At most one write per this many ms while streaming; `flush` writes at once. */
export const saveIntervalMs = 250;

/** The session's file in `dir`; throws InvalidSessionName for a name that is neither a bare name nor a full key. */
export function sessionPath(dir: string, name: string): string {
	return path.join(dir, `${fileStemOf(validateSessionName(name))}.json`);
}

/** The names of the sessions saved in `dir` (full keys decoded from their file names), sorted; none if it does not exist. */
export async function listSessionNames(dir: string): Promise<string[]> {
	return (await sessionFileStems(dir)).map(stem => nameOfFileStem(stem)).sort();
}

/** Reads a session file without taking the writer's lock (show, export, ls). */
export async function readSession(dir: string, name: string): Promise<SessionData> {
	const data = await new DurableJsonFile(sessionPath(dir, name), sessionFileSchema).read();
	if (data === null) {
		throw new SessionNotFound(name, closeNames(name, await listSessionNames(dir)));
	}

	return data;
}

export type OpenMode = 'create' | 'attach' | 'attach-or-create';

export class SessionStore {
	#timer: NodeJS.Timeout | undefined;
	#writing: Promise<void> = Promise.resolve();
	#dirty = false;

	private constructor(
		private readonly db: Low<SessionData>,
		private readonly adapter: DurableJsonFile<SessionData>,
		private readonly lock: Lock,
		readonly file: string,
	) {}

	/** Opens (or creates) a session for writing; `sessionKey` names the gateway session a new file maps to. */
	static async open(dir: string, name: string, mode: OpenMode, options: {now?: Date; sessionKey?: string; keepMessages?: number} = {}): Promise<SessionStore> {
		const file = sessionPath(dir, name);
		await mkdir(dir, {recursive: true, mode: 0o700});
		const lock = await acquireLock(`${file}.lock`, name);
		try {
			const adapter = new DurableJsonFile(file, sessionFileSchema, {...(options.keepMessages !== undefined && {keepMessages: options.keepMessages})});
			const existing = await adapter.read();
			if (existing && mode === 'create') {
				throw new SessionExists(name);
			}

			if (!existing && mode === 'attach') {
				throw new SessionNotFound(name, closeNames(name, await listSessionNames(dir)));
			}

			await removeStaleTemps(dir, name);
			const fresh = newSessionData(name, options.now ?? new Date());
			const db = new Low(adapter, existing ?? {...fresh, ...(options.sessionKey && {gateway: {sessionKey: options.sessionKey}})});
			const store = new SessionStore(db, adapter, lock, file);
			if (!existing) {
				store.#dirty = true;
				await store.flush();
			}

			return store;
		} catch (error) {
			await lock.release();
			throw error;
		}
	}

	/** The session in memory; with `keepMessages`, its last messages only (`earlierCount` are in the file). */
	get data(): SessionData {
		return this.db.data;
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
		return (await new DurableJsonFile(this.file, sessionFileSchema).read()) ?? this.data;
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
		this.db.data = currentVersion(change(this.db.data));
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
		return this.#serially(async () => {
			const base = this.db.data;
			await this.adapter.write(currentVersion(change(base)));
			// Changes made during the write are still only in memory: they keep the file dirty.
			const current = this.db.data;
			this.db.data = currentVersion(change(current));
			this.#dirty = current !== base;
		});
	}

	/** Writes now if anything changed; writes never overlap. */
	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		return this.#serially(async () => {
			if (this.#dirty) {
				this.#dirty = false;
				await this.db.write();
			}
		});
	}

	/** Writes never overlap; a failed one was reported to whoever awaited it and does not block the next. */
	async #serially(write: () => Promise<void>): Promise<void> {
		this.#writing = this.#writing.catch(() => undefined).then(write);
		return this.#writing;
	}

	/** Saves, folds the journal into the file, and lets another writer in. */
	async close(): Promise<void> {
		await this.flush();
		await this.adapter.compact();
		await this.lock.release();
	}
}

/** Temp files are left only by a writer that died mid-write; the lock holder may remove them. */
async function removeStaleTemps(dir: string, name: string): Promise<void> {
	const prefix = `${fileStemOf(name)}.json.`;
	for (const entry of await readdir(dir)) {
		if (entry.startsWith(prefix) && entry.endsWith('.tmp')) {
			await unlink(path.join(dir, entry)).catch(() => undefined);
		}
	}
}
