/** The embedded gateway's own history: one durable JSON file per session key, rows shaped as chat.history returns them. */
import {mkdir, readdir} from 'node:fs/promises';
import path from 'node:path';
import {z} from 'zod';
import {historyRowSchema, openclawRowMetaSchema} from '../protocol/payloads.js';
import {DurableJsonFile} from '../store/durable-file.js';

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

export class GatewayHistory {
	readonly #sessions = new Map<string, SessionRecord>();
	readonly #files = new Map<string, DurableJsonFile<SessionRecord>>();
	#writes: Promise<void> = Promise.resolve();

	private constructor(private readonly dir: string) {}

	static async load(dataDir: string): Promise<GatewayHistory> {
		const history = new GatewayHistory(path.join(dataDir, 'sessions'));
		await mkdir(history.dir, {recursive: true, mode: 0o700});
		for (const entry of await readdir(history.dir)) {
			if (entry.endsWith('.json')) {
				const record = await history.#file(decodeURIComponent(entry.slice(0, -5))).read();
				if (record) {
					history.#sessions.set(record.key, record);
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

	/**
	 * Stores a row and returns once it is on disk, so an acknowledged message survives a gateway crash.
	 * A reply goes right after the turn it answers, so history reads as the conversation did.
	 */
	async append(key: string, row: StoredRow, now: number): Promise<GatewayRow> {
		const record = this.#record(key, now);
		const stored: GatewayRow = {...row, __openclaw: {...row.__openclaw, seq: record.rows.length + 1}};
		const at = insertionIndex(record.rows, row.__openclaw.runId);
		await this.#save({...record, updatedAt: now, rows: record.rows.toSpliced(at, 0, stored)});
		return stored;
	}

	/** Changes a session's settings (creating the session if it has no rows yet) and returns it once on disk. */
	async update(key: string, change: (record: SessionRecord) => SessionRecord, now: number): Promise<SessionRecord> {
		const updated = {...change(this.#record(key, now)), updatedAt: now};
		await this.#save(updated);
		return updated;
	}

	#record(key: string, now: number): SessionRecord {
		return this.#sessions.get(key) ?? {key, sessionId: crypto.randomUUID(), createdAt: now, updatedAt: now, rows: []};
	}

	async #save(record: SessionRecord): Promise<void> {
		this.#sessions.set(record.key, record);
		const file = this.#file(record.key);
		this.#writes = this.#writes.then(async () => file.write(this.#sessions.get(record.key)!));
		await this.#writes;
	}

	async flushed(): Promise<void> {
		await this.#writes;
	}

	#file(key: string): DurableJsonFile<SessionRecord> {
		let file = this.#files.get(key);
		if (!file) {
			file = new DurableJsonFile(path.join(this.dir, `${encodeURIComponent(key)}.json`), sessionRecordSchema);
			this.#files.set(key, file);
		}

		return file;
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
