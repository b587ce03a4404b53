/** The embedded gateway's chat service: runs, idempotent sends, streamed events, history, abort. Transport-free. */
import {z} from 'zod';
import type {Agent, AgentTurn} from './agents.js';
import {GatewayHistory, unfinishedRuns, type SessionRecord} from './history.js';
import {contentText, type HistoryRow} from '../protocol/payloads.js';

export const defaultAgentId = 'main';

/** Bare names resolve against the default agent, as a real gateway does. */
export function canonicalKey(sessionKey: string): string {
	return sessionKey.startsWith('agent:') ? sessionKey : `agent:${defaultAgentId}:${sessionKey}`;
}

type Run = {runId: string; sessionKey: string; text: string; seq: number; controller: AbortController; done: Promise<void>};

/** The gateway is stopping: the client should send again later (it will, with the same key). */
export class ShuttingDown extends Error {}

export type Publish = (event: string, payload: Record<string, unknown>) => void;

const textContent = (text: string) => [{type: 'text', text}];

export class ChatService {
	readonly #runs = new Map<string, Run>();
	/** The end of each session's run queue: a session answers one turn at a time, in order. */
	readonly #queues = new Map<string, Promise<void>>();
	#stopping = false;

	constructor(
		private readonly history: GatewayHistory,
		private readonly agent: Agent,
		private readonly publish: Publish,
		private readonly now: () => number = Date.now,
	) {}

	/** Runs interrupted by a stop are run again, so a reply is never silently lost. */
	resumeUnfinished(): void {
		for (const record of this.history.all()) {
			for (const run of unfinishedRuns(record.rows)) {
				this.#start(record.key, run.runId);
			}
		}
	}

	async send(sessionKey: string, message: string, idempotencyKey: string): Promise<{runId: string; status: string}> {
		if (this.#stopping) {
			throw new ShuttingDown('the gateway is restarting');
		}

		const key = canonicalKey(sessionKey);
		if (this.#runs.has(idempotencyKey)) {
			return {runId: idempotencyKey, status: 'in_flight'};
		}

		const userKey = `${idempotencyKey}:user`;
		if (this.history.get(key)?.rows.some(row => row.__openclaw?.idempotencyKey === userKey)) {
			return {runId: idempotencyKey, status: 'ok'};
		}

		await this.history.append(
			key,
			{role: 'user', content: message, timestamp: this.now(), idempotencyKey: userKey, __openclaw: {id: crypto.randomUUID(), idempotencyKey: userKey}},
			this.now(),
		);
		this.#start(key, idempotencyKey);
		return {runId: idempotencyKey, status: 'started'};
	}

	chatHistory(sessionKey: string, limit = 200, offset = 0) {
		const key = canonicalKey(sessionKey);
		const record = this.history.get(key);
		const rows = record?.rows ?? [];
		const end = Math.max(0, rows.length - offset);
		const start = Math.max(0, end - limit);
		const active = this.#activeRuns(key);
		const inFlight = active[0];
		return {
			sessionKey: key,
			sessionId: record?.sessionId ?? key,
			messages: rows.slice(start, end),
			hasMore: start > 0,
			...(start > 0 && {nextOffset: offset + (end - start)}),
			...(record && {deltaCursor: deltaCursor(record)}),
			totalMessages: rows.length,
			sessionInfo: {key, hasActiveRun: active.length > 0, activeRunIds: active.map(run => run.runId)},
			...this.#inFlightRun(inFlight),
		};
	}

	#activeRuns(key: string) {
		return [...this.#runs.values()].filter(run => run.sessionKey === key);
	}

	#inFlightRun(run: {runId: string; text: string} | undefined) {
		return run ? {inFlightRun: {runId: run.runId, text: run.text, startedAt: this.now()}} : {};
	}

	/**
	 * What was stored after `cursor`, as OpenClaw's delta read answers it; a cursor from another life of the
	 * session (or not from this gateway at all) gets `reset`, and the client reads the tail instead.
	 */
	historySince(sessionKey: string, cursor: string) {
		const key = canonicalKey(sessionKey);
		const record = this.history.get(key);
		const position = readCursor(cursor);
		if (!record || position?.sessionId !== record.sessionId) {
			return {kind: 'reset'};
		}

		const messages = record.rows
			.filter(row => (row.__openclaw?.seq ?? 0) > position.lastSeq)
			.map(row => ({sessionKey: key, message: row, messageId: row.__openclaw?.id, messageSeq: row.__openclaw?.seq}));
		return {kind: 'delta', messages, deltaCursor: deltaCursor(record), ...this.#inFlightRun(this.#activeRuns(key)[0])};
	}

	abort(sessionKey: string, runId?: string): {ok: true; aborted: boolean; runIds: string[]} {
		const key = canonicalKey(sessionKey);
		const runs = this.#activeRuns(key).filter(run => runId === undefined || run.runId === runId);
		for (const run of runs) {
			run.controller.abort();
		}

		return {ok: true, aborted: runs.length > 0, runIds: runs.map(run => run.runId)};
	}

	listSessions(limit = 100) {
		const rows = this.history
			.all()
			.sort((a, b) => b.updatedAt - a.updatedAt)
			.slice(0, limit)
			.map(record => this.#sessionRow(record));
		return {ts: this.now(), count: rows.length, totalCount: this.history.all().length, sessions: rows, hasMore: false, nextOffset: null};
	}

	/** Resolves once every run has ended (tests and shutdown). */
	async idle(): Promise<void> {
		await Promise.all([...this.#runs.values()].map(async run => run.done));
	}

	/** Refuses new turns and interrupts running ones; interrupted turns are run again at the next start. */
	stopAll(): void {
		this.#stopping = true;
		for (const run of this.#runs.values()) {
			run.controller.abort('shutdown');
		}
	}

	#sessionRow(record: SessionRecord) {
		const last = record.rows.at(-1);
		const active = [...this.#runs.values()].some(run => run.sessionKey === record.key);
		return {
			key: record.key,
			sessionId: record.sessionId,
			kind: 'direct',
			displayName: record.key.split(':').at(-1),
			createdAt: record.createdAt,
			updatedAt: record.updatedAt,
			hasActiveRun: active,
			status: active ? 'running' : 'done',
			...(last && {lastMessagePreview: contentText(last.content).slice(0, 120)}),
		};
	}

	#start(sessionKey: string, runId: string): void {
		const controller = new AbortController();
		const run: Run = {runId, sessionKey, text: '', seq: 0, controller, done: Promise.resolve()};
		this.#runs.set(runId, run);
		const previous = this.#queues.get(sessionKey) ?? Promise.resolve();
		run.done = previous
			.then(async () => this.#stream(run))
			// A reply that could not be stored stays unfinished in history and is run again at the next start.
			.catch((error: unknown) => console.error(`tether gateway: run ${runId} failed: ${(error as Error).message}`))
			.finally(() => this.#runs.delete(runId));
		this.#queues.set(sessionKey, run.done);
	}

	#emit(run: Run, state: string, fields: Record<string, unknown> = {}): void {
		run.seq += 1;
		this.publish('chat', {runId: run.runId, sessionKey: run.sessionKey, agentId: defaultAgentId, seq: run.seq, state, ...fields});
	}

	async #stream(run: Run): Promise<void> {
		const turns = this.#turns(run.sessionKey, run.runId);
		this.#emit(run, 'status', {phase: 'starting_model'});
		// Like OpenClaw, at most one delta per interval: each carries the whole text so far, and a fast model
		// must not make every client parse and draw it a hundred times a second.
		let pending = '';
		let lastEmitAt = -Infinity;
		const emitPending = () => {
			if (pending) {
				this.#emit(run, 'delta', {deltaText: pending, message: this.#assistant(run.text)});
				pending = '';
				lastEmitAt = this.now();
			}
		};

		try {
			for await (const delta of this.agent.reply(turns, run.controller.signal)) {
				run.text += delta;
				pending += delta;
				if (this.now() - lastEmitAt >= deltaIntervalMs) {
					emitPending();
				}
			}

			emitPending();
		} catch (error) {
			emitPending();
			if (!run.controller.signal.aborted) {
				const errorMessage = error instanceof Error ? error.message : String(error);
				await this.#store(run, {role: 'custom', customType: 'run-failed', content: `The reply failed: ${errorMessage}`});
				this.#emit(run, 'error', {errorMessage});
				return;
			}
		}

		if (run.controller.signal.reason === 'shutdown') {
			return;
		}

		const message = this.#assistant(run.text);
		await this.#store(run, {...message, role: 'assistant'});
		this.#emit(run, run.controller.signal.aborted ? 'aborted' : 'final', {message, stopReason: run.controller.signal.aborted ? 'rpc' : 'stop'});
	}

	#assistant(text: string) {
		return {role: 'assistant', content: textContent(text), timestamp: this.now()};
	}

	async #store(run: Run, row: Omit<HistoryRow, '__openclaw'>): Promise<void> {
		await this.history.append(run.sessionKey, {...row, timestamp: this.now(), __openclaw: {id: crypto.randomUUID(), runId: run.runId}}, this.now());
	}

	/** The conversation up to and including the turn this run answers. */
	#turns(sessionKey: string, runId: string): AgentTurn[] {
		const rows = this.history.get(sessionKey)?.rows ?? [];
		const turn = rows.findIndex(row => row.__openclaw?.idempotencyKey === `${runId}:user`);
		return rows
			.slice(0, turn + 1)
			.filter(row => row.role === 'user' || row.role === 'assistant')
			.map(row => ({role: row.role as AgentTurn['role'], text: contentText(row.content)}));
	}
}

/** The shortest time between two deltas of one run. */
const deltaIntervalMs = 100;

const cursorSchema = z.object({sessionId: z.string(), lastSeq: z.number().int()});

/** Opaque to clients; here simply where the session's rows stood when it was handed out. */
function deltaCursor(record: SessionRecord): string {
	const lastSeq = Math.max(0, ...record.rows.map(row => row.__openclaw?.seq ?? 0));
	return Buffer.from(JSON.stringify({sessionId: record.sessionId, lastSeq})).toString('base64url');
}

function readCursor(cursor: string): z.infer<typeof cursorSchema> | undefined {
	try {
		const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
		return parsed.success ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}
