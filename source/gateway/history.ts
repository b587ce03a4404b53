/** The embedded gateway's own history: one durable JSON file per session key, rows shaped as chat.history returns them. */
import {createHash} from 'node:crypto';
import {mkdir, readdir} from 'node:fs/promises';
import path from 'node:path';
import {z} from 'zod';
import {historyRowSchema, openclawRowMetaSchema} from '../protocol/payloads.js';
import {DurableJsonFile} from '../store/durable-file.js';
import {isDiskRefusal, refusalReason, SessionFileCorrupt} from '../store/errors.js';
import type {FileSystem} from '../store/file-system.js';
import {TetherError} from '../errors.js';

/**
 * A stored row: what chat.history returns, with the fields the client reads beside the shared schema's
 * (FINDINGS (b), (d): `api`, `excludeFromContext`, `__openclaw.contextFreeCommand`).
 */
const gatewayRowSchema = historyRowSchema.extend({
	api: z.string().optional(),
	excludeFromContext: z.boolean().optional(),
	__openclaw: openclawRowMetaSchema.extend({contextFreeCommand: z.boolean().optional()}).optional(),
});
export type GatewayRow = z.infer<typeof gatewayRowSchema>;

const sessionRecordSchema = z.object({
	key: z.string(),
	sessionId: z.string(),
	createdAt: z.number(),
	updatedAt: z.number(),
	/** Set by `sessions.patch {label}`. */
	label: z.string().optional(),
	rows: z.array(gatewayRowSchema),
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

/** A session's history could not be stored: nothing of the change was kept, in memory or on disk. */
export class HistoryWriteFailed extends TetherError {}

/** A session whose history file cannot be read as it is: it is kept untouched, and neither read nor written. */
export class HistoryDamaged extends TetherError {}

/** Longest session key a file name holds as is (encoded); a longer one is named by its hash (NAME_MAX is 255 bytes). */
const maxPlainNameLength = 120;

/**
 * The file name (without `.json`) of a session key: the key URI-encoded, readable in a listing; a key too long for
 * that is cut and followed by a hash of the whole key, so no key can make a name the file system refuses.
 */
export function historyFileStem(key: string): string {
	const encoded = encodeURIComponent(key);
	if (encoded.length <= maxPlainNameLength) {
		return encoded;
	}

	const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
	// Cut on a whole escape (%XX), so the readable part stays decodable by eye.
	return `${encoded.slice(0, 80).replace(/%[\dA-F]?$/i, '')}~${hash}`;
}

export type GatewayHistoryOptions = {
	/** Where the files are written through (tests make the disk refuse). */
	fs?: FileSystem;
	/** Told once per session file that cannot be read (the gateway log): which, why, and that it was kept. */
	warn?: (line: string) => void;
};

export class GatewayHistory {
	readonly #sessions = new Map<string, SessionRecord>();
	readonly #files = new Map<string, DurableJsonFile<SessionRecord>>();
	/** Files found damaged at load, by path, with what a request for their session is told. */
	readonly #damaged = new Map<string, string>();
	/**
	 * The end of the chain of writes, one at a time. It never rejects: a failed write fails only its own caller,
	 * and the next write runs as if it had not been tried.
	 */
	#writes: Promise<void> = Promise.resolve();

	private constructor(
		private readonly dir: string,
		private readonly options: GatewayHistoryOptions,
	) {}

	/** Reads every session file; a damaged one is left as it is and said (options.warn), not a reason not to start. */
	static async load(dataDir: string, options: GatewayHistoryOptions = {}): Promise<GatewayHistory> {
		const history = new GatewayHistory(path.join(dataDir, 'sessions'), options);
		await mkdir(history.dir, {recursive: true, mode: 0o700});
		for (const entry of await readdir(history.dir)) {
			if (entry.endsWith('.json')) {
				const file = history.#open(path.join(history.dir, entry));
				try {
					const record = await file.read();
					if (record) {
						history.#sessions.set(record.key, record);
						history.#files.set(record.key, file);
					}
				} catch (error) {
					if (!(error instanceof SessionFileCorrupt) && !isDiskRefusal(error)) {
						throw error;
					}

					// The client's wording, less its advice: `tether recover` mends session files, not the gateway's.
					const why =
						error instanceof SessionFileCorrupt
							? error.message.replace(/^session file /, 'history file ').replace(/ and was left untouched;.*$/, '')
							: `history file ${file.file} cannot be read: ${refusalReason(error.code)}`;
					const told = `${why}; it is kept as it is, and its session answers nothing until the file is repaired or moved away`;
					history.#damaged.set(file.file, told);
					options.warn?.(told);
				}
			}
		}

		return history;
	}

	get(key: string): SessionRecord | undefined {
		return this.#sessions.get(key);
	}

	all(): SessionRecord[] {
		return [...this.#sessions.values()];
	}

	/** Throws HistoryDamaged when the session's file was found damaged at load (so it is never overwritten). */
	checkReadable(key: string): void {
		const damage = this.#damaged.get(this.#file(key).file);
		if (damage !== undefined) {
			throw new HistoryDamaged(damage);
		}
	}

	/**
	 * Stores a row and returns once it is on disk, so an acknowledged message survives a gateway crash.
	 * A reply goes right after the turn it answers, so history reads as the conversation did.
	 * Throws HistoryWriteFailed (nothing stored, nothing kept in memory) or HistoryDamaged.
	 */
	async append(key: string, row: StoredRow, now: number): Promise<GatewayRow> {
		let stored: GatewayRow | undefined;
		await this.#save(key, record => {
			stored = {...row, __openclaw: {...row.__openclaw, seq: record.rows.length + 1}};
			const at = insertionIndex(record.rows, row.__openclaw.runId);
			return {...record, updatedAt: now, rows: record.rows.toSpliced(at, 0, stored)};
		}, now);
		return stored!;
	}

	/** Changes a session's settings (creating the session if it has no rows yet) and returns it once on disk. */
	async update(key: string, change: (record: SessionRecord) => SessionRecord, now: number): Promise<SessionRecord> {
		return this.#save(key, record => ({...change(record), updatedAt: now}), now);
	}

	#record(key: string, now: number): SessionRecord {
		return this.#sessions.get(key) ?? {key, sessionId: crypto.randomUUID(), createdAt: now, updatedAt: now, rows: []};
	}

	/**
	 * Applies `change` to the session as it stands when its turn in the chain comes, writes the result, and only
	 * then makes it what the gateway answers from: a write that fails leaves memory as the disk is.
	 */
	async #save(key: string, change: (record: SessionRecord) => SessionRecord, now: number): Promise<SessionRecord> {
		this.checkReadable(key);
		const file = this.#file(key);
		const write = this.#writes.then(async () => {
			const updated = change(this.#record(key, now));
			try {
				await file.write(updated);
			} catch (error) {
				const why = isDiskRefusal(error) ? refusalReason(error.code) : (error instanceof Error ? error.message : String(error));
				throw new HistoryWriteFailed(`the gateway could not store session ${key.length > 80 ? `${key.slice(0, 80)}…` : key} in ${file.file}: ${why}; nothing of it was kept`);
			}

			this.#sessions.set(key, updated);
			return updated;
		});
		this.#writes = write.then(
			() => undefined,
			() => undefined,
		);
		return write;
	}

	/** Resolves once every write asked for so far has ended (stored or failed). */
	async flushed(): Promise<void> {
		await this.#writes;
	}

	#file(key: string): DurableJsonFile<SessionRecord> {
		let file = this.#files.get(key);
		if (!file) {
			file = this.#open(path.join(this.dir, `${historyFileStem(key)}.json`));
			this.#files.set(key, file);
		}

		return file;
	}

	#open(file: string): DurableJsonFile<SessionRecord> {
		return new DurableJsonFile(file, sessionRecordSchema, this.options.fs ? {fs: this.options.fs} : {});
	}
}

export type StoredRow = Omit<GatewayRow, '__openclaw'> & {__openclaw: {id: string; runId?: string; idempotencyKey?: string; contextFreeCommand?: boolean}};

function insertionIndex(rows: readonly GatewayRow[], runId: string | undefined): number {
	const turn = runId === undefined ? -1 : rows.findIndex(row => row.__openclaw?.idempotencyKey === `${runId}:user`);
	if (turn === -1) {
		return rows.length;
	}

	let index = turn + 1;
	while (index < rows.length && rows[index]!.role !== 'user') {
		index++;
	}

	return index;
}

/**
 * The run a reply row answers: `__openclaw.runId`, or for a command the gateway answered itself its
 * `idempotencyKey` (FINDINGS (b): such rows carry `idempotencyKey: <runId>` and no runId).
 */
function replyRunId(row: GatewayRow): string | undefined {
	return row.__openclaw?.runId ?? row.__openclaw?.idempotencyKey?.replace(/:terminal-error$/, '');
}

/**
 * Runs whose user row was stored but whose reply never was (the gateway stopped mid-run): they are run again.
 * `command` says the message was a gateway-answered command, to be answered again rather than run.
 */
export function unfinishedRuns(rows: readonly GatewayRow[]): Array<{runId: string; message: string; command: boolean}> {
	const finished = new Set(rows.filter(row => row.role !== 'user').map(row => replyRunId(row)));
	return rows
		.filter(row => row.role === 'user')
		.map(row => ({
			runId: (row.__openclaw?.idempotencyKey ?? '').replace(/:user$/, ''),
			message: typeof row.content === 'string' ? row.content : '',
			command: row.__openclaw?.contextFreeCommand === true,
		}))
		.filter(run => run.runId !== '' && !finished.has(run.runId));
}
