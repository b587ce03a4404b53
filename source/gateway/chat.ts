/** The embedded gateway's chat service: runs, idempotent sends, gateway-answered commands, history, abort, session settings. Transport-free. */
import {z} from 'zod';
import {agentModel, type Agent, type AgentModel, type AgentTurn} from './agents.js';
import {defaultAgentId, emptySessionInfo, modelDefaults, resolveModel, sessionRow} from './catalog.js';
import {gatewayCommand} from './commands.js';
import {unfinishedRuns, type GatewayHistory, type GatewayRow, type SessionRecord, type StoredRow} from './history.js';
import {noUsage, streamRun, textContent, type Publish, type ReplyRow, type Run} from './run.js';
import {contentText} from '../protocol/payloads.js';
import {hideUserinfo} from '../text/url-credentials.js';
import {isSessionKey, sessionKeyOf} from '../protocol/session-key.js';
import {version} from '../version.js';

export {defaultAgentId} from './catalog.js';
export type {Publish} from './run.js';

/** Bare names resolve against the default agent, as a real gateway does. */
export function canonicalKey(sessionKey: string): string {
	return isSessionKey(sessionKey) ? sessionKey : sessionKeyOf(defaultAgentId, sessionKey);
}

/** The gateway is stopping: the client should send again later (it will, with the same key). */
export class ShuttingDown extends Error {}

export class ChatService {
	readonly #runs = new Map<string, Run>();
	/** The end of each session's run queue: a session answers one turn at a time, in order. */
	readonly #queues = new Map<string, Promise<void>>();
	readonly #model: AgentModel;
	/**
	 * Sends still storing their user row, by idempotency key: a re-send of the same key waits for the one under
	 * way (the row is in memory only once written, so it would not see it), and idle() waits for them all.
	 */
	readonly #storing = new Map<string, Promise<unknown>>();
	#stopping = false;

	constructor(
		private readonly history: GatewayHistory,
		private readonly agent: Agent,
		private readonly publish: Publish,
		private readonly now: () => number = Date.now,
		/** A line for the gateway log. */
		private readonly log: (line: string) => void = line => console.error(`tether gateway: ${line}`),
	) {
		this.#model = agentModel(agent);
	}

	get model(): AgentModel {
		return this.#model;
	}

	/**
	 * The channel besides terminals a session is open on (`telegram`), or undefined: its session row's `channel`,
	 * the SessionRow field a real gateway fills for a session a channel feeds. Set by a channel while it runs.
	 */
	sessionChannel: (key: string) => string | undefined = () => undefined;

	/**
	 * How far the reply to turn `runId` has got: not `done` with its text so far while it runs or waits its turn (or
	 * waits to be run again after a restart), `done` with the stored reply's text; undefined when the session holds
	 * no such turn.
	 */
	replyOf(sessionKey: string, runId: string): {done: boolean; text: string} | undefined {
		const run = this.#runs.get(runId);
		if (run) {
			return {done: false, text: run.text};
		}

		const rows = this.history.get(canonicalKey(sessionKey))?.rows ?? [];
		if (!rows.some(row => row.__openclaw?.idempotencyKey === `${runId}:user`)) {
			return undefined;
		}

		const reply = rows.findLast(row => row.role !== 'user' && (row.__openclaw?.runId === runId || row.__openclaw?.idempotencyKey === runId));
		return reply ? {done: true, text: contentText(reply.content)} : {done: false, text: ''};
	}

	/** Runs interrupted by a stop are run (or answered) again, so a reply is never silently lost. */
	resumeUnfinished(): void {
		for (const record of this.history.all()) {
			for (const run of unfinishedRuns(record.rows)) {
				if (run.command) {
					this.#answer(record.key, run.runId, run.message);
				} else {
					this.#start(record.key, run.runId);
				}
			}
		}
	}

	/**
	 * Stores the user row (sent to message subscribers) and starts the run, or, for a command the gateway answers
	 * itself (unless `literal`, chat.send's `suppressCommandInterpretation`), answers it without the agent.
	 */
	async send(sessionKey: string, message: string, idempotencyKey: string, literal = false): Promise<{runId: string; status: string}> {
		const before = this.#storing.get(idempotencyKey);
		const sending = (async () => {
			await before?.catch(() => undefined);
			return this.#send(sessionKey, message, idempotencyKey, literal);
		})();
		this.#storing.set(idempotencyKey, sending);
		try {
			return await sending;
		} finally {
			if (this.#storing.get(idempotencyKey) === sending) {
				this.#storing.delete(idempotencyKey);
			}
		}
	}

	/**
	 * Answers `started` only once the user row is on disk (a failed write rejects, and nothing of it is kept).
	 * A send whose row was being stored when the gateway began to stop starts no run: the row is durable, so
	 * the turn is run at the next start, like one a stop interrupted.
	 */
	async #send(sessionKey: string, message: string, idempotencyKey: string, literal: boolean): Promise<{runId: string; status: string}> {
		if (this.#stopping) {
			throw new ShuttingDown('the gateway is restarting');
		}

		const key = canonicalKey(sessionKey);
		this.history.checkReadable(key);
		if (this.#runs.has(idempotencyKey)) {
			return {runId: idempotencyKey, status: 'in_flight'};
		}

		const userKey = `${idempotencyKey}:user`;
		if (this.history.get(key)?.rows.some(row => row.__openclaw?.idempotencyKey === userKey)) {
			return {runId: idempotencyKey, status: 'ok'};
		}

		// FINDINGS (d): a command's user row is kept out of the model's context.
		const command = !literal && gatewayCommand(message) !== undefined;
		const id = crypto.randomUUID();
		await this.#append(key, {
			role: 'user',
			content: message,
			timestamp: this.now(),
			idempotencyKey: userKey,
			...(command && {excludeFromContext: true}),
			__openclaw: {id, idempotencyKey: userKey, ...(command && {contextFreeCommand: true})},
		});
		if (this.#stopping) {
			return {runId: idempotencyKey, status: 'started'};
		}

		if (command) {
			this.#answer(key, idempotencyKey, message);
		} else {
			this.#start(key, idempotencyKey);
		}

		return {runId: idempotencyKey, status: 'started'};
	}

	chatHistory(sessionKey: string, limit = 200, offset = 0) {
		const key = canonicalKey(sessionKey);
		this.history.checkReadable(key);
		const record = this.history.get(key);
		const rows = record?.rows ?? [];
		const end = Math.max(0, rows.length - offset);
		const start = Math.max(0, end - limit);
		const active = this.#activeRuns(key);
		return {
			sessionKey: key,
			sessionId: record?.sessionId ?? key,
			messages: rows.slice(start, end),
			hasMore: start > 0,
			...(start > 0 && {nextOffset: offset + (end - start)}),
			...(record && {deltaCursor: deltaCursor(record)}),
			totalMessages: rows.length,
			defaults: modelDefaults(this.#model),
			sessionInfo: record ? this.#sessionRow(record) : emptySessionInfo(key, this.#model),
			...this.#inFlightRun(active[0]),
		};
	}

	#activeRuns(key: string) {
		return [...this.#runs.values()].filter(run => run.sessionKey === key);
	}

	#inFlightRun(run: Run | undefined) {
		return run ? {inFlightRun: {runId: run.runId, text: run.text, startedAt: run.startedAt}} : {};
	}

	/**
	 * What was stored after `cursor`, as OpenClaw's delta read answers it; a cursor from another life of the
	 * session (or not from this gateway at all) gets `reset`, and the client reads the tail instead.
	 */
	historySince(sessionKey: string, cursor: string) {
		const key = canonicalKey(sessionKey);
		this.history.checkReadable(key);
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
			.toSorted((a, b) => b.updatedAt - a.updatedAt)
			.slice(0, limit)
			.map(record => this.#sessionRow(record));
		return {ts: this.now(), count: rows.length, totalCount: this.history.all().length, defaults: modelDefaults(this.#model), sessions: rows, hasMore: false, nextOffset: null};
	}

	/**
	 * `sessions.patch {key, model?, label?}` → `{ok, key, entry, resolved: {modelProvider, model}}` (FINDINGS (e)).
	 * A model this gateway does not run is refused (InvalidRequest) before anything changes.
	 */
	async patchSession(sessionKey: string, patch: {model?: string | null; label?: string | null}) {
		const key = canonicalKey(sessionKey);
		const resolved = resolveModel(this.#model, patch.model ?? null);
		const record = await this.history.update(
			key,
			current => {
				const {label: _old, ...rest} = current;
				const label = patch.label === undefined ? current.label : (patch.label ?? undefined);
				return {...rest, ...(label !== undefined && {label})};
			},
			this.now(),
		);
		return {ok: true, key, entry: this.#sessionRow(record), resolved};
	}

	/** Resolves once every send has stored (or failed to store) its row and every run has ended (tests and shutdown). */
	async idle(): Promise<void> {
		await Promise.allSettled(this.#storing.values());
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
		return sessionRow(record, this.#activeRuns(record.key).map(run => run.runId), this.#model, this.sessionChannel(record.key));
	}

	/** Stores a row and tells the connections subscribed to the session's messages (FINDINGS (c): `session.message`). */
	async #append(key: string, row: StoredRow): Promise<GatewayRow> {
		const stored = await this.history.append(key, row, this.now());
		const record = this.history.get(key)!;
		this.publish(
			'session.message',
			{sessionKey: key, agentId: defaultAgentId, message: stored, messageId: stored.__openclaw?.id, messageSeq: stored.__openclaw?.seq, session: this.#sessionRow(record)},
			key,
		);
		return stored;
	}

	#newRun(sessionKey: string, runId: string): Run {
		const run: Run = {runId, sessionKey, text: '', seq: 0, controller: new AbortController(), done: Promise.resolve(), startedAt: this.now()};
		this.#runs.set(runId, run);
		return run;
	}

	#settle(run: Run, work: Promise<void>): void {
		run.done = work
			// A reply that could not be stored stays unfinished in history and is run again at the next start.
			.catch((error: unknown) => this.log(`run ${run.runId} failed: ${hideUserinfo((error as Error).message)}`))
			.finally(() => this.#runs.delete(run.runId));
	}

	#start(sessionKey: string, runId: string): void {
		const run = this.#newRun(sessionKey, runId);
		const previous = this.#queues.get(sessionKey) ?? Promise.resolve();
		this.#settle(
			run,
			previous.then(async () => {
				run.startedAt = this.now();
				const sessionId = this.history.get(sessionKey)?.sessionId ?? sessionKey;
				const store = async (row: ReplyRow) => this.#storeReply(run, row);
				await streamRun(run, {agent: this.agent, model: this.#model, publish: this.publish, now: this.now, sessionId, turns: this.#turns(sessionKey, runId), store});
			}),
		);
		this.#queues.set(sessionKey, run.done);
	}

	/**
	 * Answers a gateway command without the agent, after the chat.send response (as recorded): one `final` with
	 * `seq: 1` and no agentId, and an assistant row from `openclaw`/`gateway-injected` keyed by the run id alone
	 * (FINDINGS (d); turns.json mark `command-status`).
	 */
	#answer(sessionKey: string, runId: string, message: string): void {
		const run = this.#newRun(sessionKey, runId);
		this.#settle(
			run,
			new Promise(resolve => {
				setImmediate(resolve);
			}).then(async () => {
				const rows = this.history.get(sessionKey)?.rows ?? [];
				const command = gatewayCommand(message);
				const text = command?.answer({version, model: this.#model, sessionKey, messageCount: rows.length - 1}) ?? '';
				const reply = {
					role: 'assistant',
					content: textContent(text),
					timestamp: this.now(),
					stopReason: 'stop',
					usage: noUsage,
					api: 'openai-responses',
					provider: 'openclaw',
					model: 'gateway-injected',
					idempotencyKey: runId,
					excludeFromContext: true,
				};
				await this.#append(sessionKey, {...reply, __openclaw: {id: crypto.randomUUID(), idempotencyKey: runId, contextFreeCommand: true}});
				this.publish('chat', {runId, sessionKey, seq: 1, state: 'final', message: {...reply, __openclaw: {contextFreeCommand: true}}});
			}),
		);
	}

	async #storeReply(run: Run, row: ReplyRow): Promise<void> {
		const idempotencyKey = row.idempotencyKey === undefined ? {} : {idempotencyKey: row.idempotencyKey};
		await this.#append(run.sessionKey, {...row, timestamp: this.now(), __openclaw: {id: crypto.randomUUID(), runId: run.runId, ...idempotencyKey}});
	}

	/**
	 * The conversation up to and including the turn this run answers, without gateway commands and their answers,
	 * and without failed turns (a question the model failed, and its error row): re-sending it after a failure
	 * asks the model once, not twice in a row.
	 */
	#turns(sessionKey: string, runId: string): AgentTurn[] {
		const rows = this.history.get(sessionKey)?.rows ?? [];
		const turn = rows.findIndex(row => row.__openclaw?.idempotencyKey === `${runId}:user`);
		const failed = new Set(rows.filter(row => row.role === 'assistant' && row.stopReason === 'error').map(row => `${row.__openclaw?.runId}:user`));
		return rows
			.slice(0, turn + 1)
			.filter(row => (row.role === 'user' ? !failed.has(row.__openclaw?.idempotencyKey ?? '') : row.role === 'assistant' && row.stopReason !== 'error'))
			.filter(row => row.excludeFromContext !== true)
			.map(row => ({role: row.role as AgentTurn['role'], text: contentText(row.content)}));
	}
}

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
