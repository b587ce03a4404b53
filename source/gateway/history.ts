/** The embedded gateway's own history: one durable JSON file per session key, rows shaped as chat.history returns them. */
import {mkdir, readdir} from 'node:fs/promises';
import path from 'node:path';
import {z} from 'zod';
import {historyRowSchema, type HistoryRow} from '../protocol/payloads.js';
import {DurableJsonFile} from '../store/durable-file.js';

const sessionRecordSchema = z.object({
	key: z.string(),
	sessionId: z.string(),
	createdAt: z.number(),
	updatedAt: z.number(),
	rows: z.array(historyRowSchema),
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
	async append(key: string, row: StoredRow, now: number): Promise<HistoryRow> {
		const record = this.#sessions.get(key) ?? {key, sessionId: crypto.randomUUID(), createdAt: now, updatedAt: now, rows: []};
		const stored: HistoryRow = {...row, __openclaw: {...row.__openclaw, seq: record.rows.length + 1}};
		const at = insertionIndex(record.rows, row.__openclaw.runId);
		const updated = {...record, updatedAt: now, rows: record.rows.toSpliced(at, 0, stored)};
		this.#sessions.set(key, updated);
		const file = this.#file(key);
		this.#writes = this.#writes.then(async () => file.write(this.#sessions.get(key)!));
		await this.#writes;
		return stored;
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

export type StoredRow = Omit<HistoryRow, '__openclaw'> & {__openclaw: {id: string; runId?: string; idempotencyKey?: string}};

function insertionIndex(rows: readonly HistoryRow[], runId: string | undefined): number {
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

/** Runs whose user row was stored but whose reply never was (the gateway stopped mid-run): they are run again. */
export function unfinishedRuns(rows: readonly HistoryRow[]): Array<{runId: string; message: string}> {
	const finished = new Set(rows.filter(row => row.role !== 'user').map(row => row.__openclaw?.runId));
	return rows
		.filter(row => row.role === 'user')
		.map(row => ({runId: (row.__openclaw?.idempotencyKey ?? '').replace(/:user$/, ''), message: typeof row.content === 'string' ? row.content : ''}))
		.filter(run => run.runId !== '' && !finished.has(run.runId));
}
