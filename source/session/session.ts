/**
 * A chat session: the transcript, its file and the link, bound together. Messages are durable before they are
 * sent, re-sent with the same idempotency key after drops, and merged with the gateway's history after every connect.
 */
import {EventEmitter} from 'node:events';
import type {LinkState} from '../connection/machine.js';
import {GatewayRequestError, LinkDown} from '../connection/errors.js';
import type {Link, OpenInfo} from '../connection/link.js';
import {type EventFrame, check} from '../protocol/frames.js';
import {sessionKeyOf} from '../protocol/session-key.js';
import {
	agentEventSchema,
	chatAbortResultSchema,
	execApprovalListSchema,
	execApprovalRequestedSchema,
	execApprovalResolvedSchema,
	chatEventSchema,
	sessionMessageEventSchema,
	chatSendResultSchema,
	type SessionModel,
} from '../protocol/payloads.js';
import {z} from 'zod';
import {TetherError} from '../errors.js';
import type {SessionStore} from '../store/session-store.js';
import type {LinkRecord, SessionData} from '../model/session-data.js';
import {approvalFrom, type Approval, type ApprovalDecision} from './approvals.js';
import {AttachmentError, attachmentParam, defaultMaxAttachmentBytes} from './attachment-file.js';
import type {Attachment, Message} from '../model/message.js';
import {listAgents, listGatewayCommands, listModels, patchModel, type GatewayAgents, type GatewayCommand, type GatewayModel} from './gateway-queries.js';
import {readHistory, readSessionModel} from './history-read.js';
import {rowRunId} from './history-runs.js';
import {withModel, type ModelInfo} from './model-info.js';
import {reconnectNotice} from './notices.js';
import {mergeHistory, messageKeys, rowsNotIn} from './merge.js';
import {progressAfterAgent, progressAfterChat, type RunProgress} from './run-progress.js';
import {
	appendUserMessage,
	applyAgentEvent,
	applyChatEvent,
	applyForeignUserRow,
	isReplyStream,
	markFailed,
	markSending,
	markSent,
	outbox,
	requeue,
	requeueUnacknowledged,
	settleLostReplies,
} from './transcript.js';


/** A divider the user sees in the transcript; not saved (the file holds messages and link records). */
export type Notice = {id: string; text: string; afterMessageId: string | undefined};

/**
 * A history read right after a (re)connect: how long the link was down (ms), if it was, for the divider; and the
 * replies that were streaming when it opened, the only ones the read can find lost.
 */
type Connected = {downtimeMs: number | undefined; streamingBefore: ReadonlySet<string>};

export type SessionOptions = {now?: () => Date; makeId?: () => string; historyLimit?: number};

type SessionEvents = {
	change: [];
	'link-record': [LinkRecord];
	/** This connection's history merge is done (`added` is undefined if the fetch failed). */
	synced: [added: readonly string[] | undefined];
	/**
	 * The gateway refused to take a message for now (a retryable chat.send error: it is restarting, its disk is full).
	 * The message is queued again; nothing re-sends it before the next connection or retry().
	 */
	refused: [idempotencyKey: string, error: GatewayRequestError];
};

export class ChatSession extends EventEmitter<SessionEvents> {
	#notices: Notice[] = [];
	#fresh = new Set<string>();
	#pumping = false;
	#closing: Promise<void> | undefined;
	/** Open and merged with the gateway's history: the outbox may flow. */
	#linkUp = false;
	#wasOpen = false;
	/** Runs going on now, by run id (what the status line says while no word has come). */
	#progress = new Map<string, RunProgress>();
	#model: ModelInfo = {};
	/** History reads run one after another: each merges into what the one before left. */
	#syncs: Promise<unknown> = Promise.resolve();
	/** Commands the agent waits to run until the user answers, oldest first, by approval id. */
	#approvals = new Map<string, Approval>();
	/** Counts changes (each 'change' event and link state): what a UI reads to know it must draw again. */
	#revision = 0;
	readonly #now: () => Date;
	readonly #makeId: () => string;
	readonly #historyLimit: number;

	constructor(
		private readonly store: SessionStore,
		readonly link: Link,
		options: SessionOptions = {},
	) {
		super();
		// First among the listeners, so that whoever hears of a change reads the new revision.
		this.on('change', () => this.#revision++);
		link.on('state', () => this.#revision++);
		this.#now = options.now ?? (() => new Date());
		this.#makeId = options.makeId ?? (() => crypto.randomUUID());
		this.#historyLimit = options.historyLimit ?? 1000;
		// Sends cut off by the last exit never got their ack: they go back to the outbox, same keys.
		this.#update(data => ({...data, messages: requeueUnacknowledged(data.messages)}));
		link.on('open', info => void this.#onOpen(info));
		link.on('state', state => this.#onState(state));
		link.on('event', frame => this.#onEvent(frame));
		link.on('gap', () => void this.#resync());
		link.on('latency', () => this.emit('change'));
	}

	get name(): string {
		return this.store.data.name;
	}

	/**
	 * A number that grows with every change of the session or its link's state: a snapshot for
	 * useSyncExternalStore (the same between changes, a new one after each).
	 */
	get revision(): number {
		return this.#revision;
	}

	get data(): SessionData {
		return this.store.data;
	}

	/** The session's messages in memory: for a long session its last ones (see `earlierCount`). */
	get messages(): readonly Message[] {
		return this.store.data.messages;
	}

	/** The whole session as saved, earlier messages included (to export it). */
	async readWhole(): Promise<SessionData> {
		return this.store.readWhole();
	}

	/** Messages before `messages`, left in the file. */
	get earlierCount(): number {
		return this.store.earlierCount;
	}

	/** Watching from a second terminal: nothing is sent, stopped or saved from here (see SessionStore.openReadOnly). */
	get readOnly(): boolean {
		return this.store.readOnly;
	}

	get notices(): readonly Notice[] {
		return this.#notices;
	}

	/** Messages that arrived from the gateway's history while this client was away. */
	get fresh(): ReadonlySet<string> {
		return this.#fresh;
	}

	get queued(): number {
		return outbox(this.messages).length;
	}

	get streaming(): Message | undefined {
		return this.messages.findLast(m => m.role === 'assistant' && m.status === 'streaming');
	}

	/** The run this client last heard of that has not ended, while the link is up. */
	get progress(): RunProgress | undefined {
		const reply = this.streaming;
		const tracked = [...this.#progress.values()].at(-1);
		// A reply adopted from history after a reconnect: writing since it began, as far as this client can tell.
		return tracked ?? (reply && this.link.state.kind === 'open' ? {runId: reply.runId ?? reply.id, startedAt: Date.parse(reply.at), activity: 'writing'} : undefined);
	}

	get model(): ModelInfo {
		return this.#model;
	}

	/** What the agent asks to run and waits for an answer to (only with scope `operator.approvals`). */
	get approvals(): readonly Approval[] {
		return [...this.#approvals.values()];
	}

	/** Answers an approval (`exec.approval.resolve`); throws GatewayRequestError or LinkDown with one line. */
	async answerApproval(id: string, decision: ApprovalDecision): Promise<void> {
		await this.link.request('exec.approval.resolve', {id, decision}, z.unknown());
		this.#approvals.delete(id);
		this.emit('change');
	}

	start(): void {
		this.link.start();
	}

	/** The gateway's own slash commands (see gateway-queries.ts); none when it has no catalogue or the link is down. */
	async gatewayCommands(): Promise<GatewayCommand[]> {
		return this.link.state.kind === 'open' ? listGatewayCommands(this.link) : [];
	}

	/** The gateway's models; throws LinkDown or GatewayRequestError (one line) when it cannot say. */
	async models(): Promise<GatewayModel[]> {
		return listModels(this.link);
	}

	/** The gateway's agents and which is the default; throws as `models` does. */
	async agents(): Promise<GatewayAgents> {
		return listAgents(this.link);
	}

	/**
	 * Switches this session's model (`sessions.patch {key, model}`, operator.write); returns the model the gateway
	 * settled on. A model it does not have is refused with a GatewayRequestError naming it.
	 */
	async setModel(model: string): Promise<string> {
		const resolved = await patchModel(this.link, this.sessionKey, model);
		this.#noteModel(resolved);
		return resolved.model;
	}

	/** The most a file sent with a message may hold (bytes), as the gateway said. */
	get maxAttachmentBytes(): number {
		return this.link.hello?.policy.attachments?.maxBytes ?? defaultMaxAttachmentBytes;
	}

	/** Saves the message (durably) before it goes anywhere, then sends it when the link allows. */
	async send(text: string, attachments: Attachment[] = []): Promise<Message> {
		const key = this.#makeId();
		const message = {id: this.#makeId(), text, at: this.#now().toISOString(), idempotencyKey: key, ...(attachments.length > 0 && {attachments})};
		// Shown only once it is on disk, so "queued" on screen always means it survives a crash.
		await this.store.commit(data => ({...data, messages: appendUserMessage(data.messages, message)}));
		this.emit('change');
		void this.#pump();
		return this.messages.find(m => m.id === message.id)!;
	}

	/**
	 * Runs a turn whose reply failed again: the same text and files as a new message with a key of its own (the
	 * gateway took the first one, so its key would only be answered "done"), marked as a retry of the original.
	 * Saved before it is sent, as `send`.
	 */
	async rerun(messageId: string): Promise<Message> {
		const original = this.messages.find(m => m.id === messageId && m.role === 'user');
		if (!original) {
			throw new TetherError('no such message to run again');
		}

		const message = {
			id: this.#makeId(),
			text: original.text,
			at: this.#now().toISOString(),
			idempotencyKey: this.#makeId(),
			retryOf: original.retryOf ?? original.id,
			...(original.attachments && {attachments: original.attachments}),
		};
		await this.store.commit(data => ({...data, messages: appendUserMessage(data.messages, message)}));
		this.emit('change');
		void this.#pump();
		return this.messages.find(m => m.id === message.id)!;
	}

	/** Re-sends a refused message with its original key, so it can never become a second turn. */
	retry(messageId: string): void {
		const message = this.messages.find(m => m.id === messageId);
		if (message?.idempotencyKey) {
			this.#update(data => ({...data, messages: requeue(data.messages, message.idempotencyKey!)}));
			void this.#pump();
		}
	}

	async abort(): Promise<boolean> {
		const running = this.streaming;
		if (!running?.runId || this.link.state.kind !== 'open' || this.readOnly) {
			return false;
		}

		const result = await this.link.request('chat.abort', {sessionKey: this.sessionKey, runId: running.runId}, chatAbortResultSchema).catch(() => undefined);
		return result?.aborted ?? false;
	}

	/** Stops the link and saves; safe to call more than once (signals and normal exit may race). */
	async close(): Promise<void> {
		this.#closing ??= (async () => {
			this.link.stop();
			this.link.removeAllListeners();
			await this.store.close();
		})();
		return this.#closing;
	}

	get sessionKey(): string {
		const agent = this.link.hello?.snapshot?.sessionDefaults?.defaultAgentId ?? 'main';
		return this.store.data.gateway.sessionKey ?? sessionKeyOf(agent, this.name);
	}

	#update(change: (data: SessionData) => SessionData): void {
		this.store.update(change);
		this.emit('change');
	}

	#record(record: LinkRecord): void {
		this.#update(data => ({...data, events: [...data.events, record]}));
		this.emit('link-record', record);
	}

	#onState(state: LinkState): void {
		if (state.kind === 'open') {
			this.#wasOpen = true;
		} else if (this.#wasOpen) {
			this.#wasOpen = false;
			this.#linkUp = false;
			// What a run does while the link is down is unknown: the spinner stops rather than pretend.
			this.#progress.clear();
			const reason = 'lastError' in state ? state.lastError : undefined;
			this.#record({at: this.#now().toISOString(), type: 'disconnected', ...(reason && {reason})});
		}

		this.emit('change');
	}

	async #onOpen(info: OpenInfo): Promise<void> {
		const {sessionKey, link} = this;
		if (this.store.data.gateway.sessionKey !== sessionKey || this.store.data.gateway.url !== link.url) {
			this.#update(data => ({...data, gateway: {sessionKey, ...(link.url && {url: link.url})}}));
		}

		if (info.downtimeMs !== undefined) {
			this.#record({at: this.#now().toISOString(), type: 'reconnected', downtimeMs: info.downtimeMs});
		}

		// Sent at once, not awaited: the gateway answers in order, so the subscription is in place before the history
		// read below is answered, and a link that lives only a moment is not spent on round trips before the outbox flows.
		void this.#subscribeMessages();
		void this.#backfillApprovals();
		// A new connection starts its own line of reads: one left waiting on the socket that went must not hold it up.
		this.#syncs = Promise.resolve();
		const streamingBefore = new Set(this.messages.filter(m => m.role === 'assistant' && (m.status === 'streaming' || m.status === 'interrupted')).map(m => m.id));
		const added = await this.#resync({downtimeMs: info.downtimeMs, streamingBefore});
		this.emit('synced', added);
		// The outbox waits for the merge, so messages the gateway already has are not even re-sent.
		this.#linkUp = this.link.state.kind === 'open';
		void this.#pump();
	}

	/**
	 * Asks for `session.message` events, which carry the messages other clients (the web UI, a phone, another
	 * terminal) send to this session as they are sent; only where the gateway lists the method.
	 */
	async #subscribeMessages(): Promise<void> {
		if (!this.link.hello?.features?.methods?.includes('sessions.messages.subscribe')) {
			return;
		}

		await this.link.request('sessions.messages.subscribe', {key: this.sessionKey}, z.unknown()).catch(() => undefined);
	}

	/**
	 * Approvals asked for before this connection (docs/gateway/clients.md "Backfill exec approvals"): listed once
	 * the gateway granted `operator.approvals`; events that race the list are reconciled by approval id.
	 */
	async #backfillApprovals(): Promise<void> {
		if (!this.link.hello?.auth.scopes.includes('operator.approvals')) {
			return;
		}

		const listed = await this.link.request('exec.approval.list', {}, execApprovalListSchema).catch(() => undefined);
		for (const event of Array.isArray(listed) ? listed : (listed?.approvals ?? [])) {
			this.#addApproval(event);
		}
	}

	#addApproval(event: z.infer<typeof execApprovalRequestedSchema>): void {
		const approval = approvalFrom(event, this.sessionKey);
		if (approval && !this.#approvals.has(approval.id)) {
			this.#approvals.set(approval.id, approval);
			this.emit('change');
		}
	}

	/** Reads history after the reads already asked for. */
	async #resync(connected?: Connected): Promise<string[] | undefined> {
		const read = this.#syncs.then(async () => this.#sync(connected));
		this.#syncs = read.catch(() => undefined);
		return read;
	}

	/** Fetches the gateway's history and merges it in; returns the ids it added, or undefined if the fetch failed. */
	async #sync(connected?: Connected): Promise<string[] | undefined> {
		try {
			const history = await readHistory(this.link, {
				sessionKey: this.sessionKey,
				cursor: this.store.data.gateway.historyCursor,
				known: new Set(this.messages.flatMap(m => (m.serverId ? [m.serverId] : []))),
				limit: this.#historyLimit,
			});
			const options = {inFlightRunId: history.inFlightRun?.runId};
			let merged = mergeHistory(this.messages, history.rows, this.#makeId, options);
			if (merged.added.length > 0 && this.store.earlierCount > 0) {
				// Rows from before the messages in memory may be ones the file already has.
				const rows = rowsNotIn(history.rows, await this.#earlierKeys());
				merged = mergeHistory(this.messages, rows, this.#makeId, options);
			}

			if (options.inFlightRunId && !this.#progress.has(options.inFlightRunId)) {
				// A run that was going before this connection: its words so far are here, the rest will follow.
				this.#progress.set(options.inFlightRunId, {runId: options.inFlightRunId, startedAt: this.#now().getTime(), activity: 'writing'});
			}

			let messages = merged.messages;
			const inFlight = history.inFlightRun;
			const live = inFlight && messages.find(m => m.role === 'assistant' && m.runId === inFlight.runId);
			// Live deltas may already be ahead of the snapshot the history answer carries.
			if (inFlight?.text !== undefined && (live?.text.length ?? 0) < inFlight.text.length) {
				messages = applyChatEvent(messages, {runId: inFlight.runId, sessionKey: this.sessionKey, state: 'delta', message: {content: inFlight.text}}, this.#makeId, this.#now().toISOString());
			}

			const serverRunIds = new Set(history.rows.flatMap(row => (row.role === 'user' ? [] : (rowRunId(row) ?? []))));
			if (connected) {
				messages = settleLostReplies(messages, serverRunIds, inFlight?.runId, connected.streamingBefore);
			}
			for (const runId of this.#progress.keys()) {
				// A run whose reply history holds, and that is not going on, is over however its events went.
				if (serverRunIds.has(runId) && runId !== inFlight?.runId) {
					this.#progress.delete(runId);
				}
			}

			// Marked in the same change that shows them: a message printed without its mark stays so.
			for (const id of merged.added) {
				this.#fresh.add(id);
			}

			if (connected) {
				// In the same change as the messages it tells of, so it is printed above them, not after.
				this.#noticeFor(messages, merged.added, connected.downtimeMs);
			}

			this.#update(data => {
				const {historyCursor: _old, ...gateway} = data.gateway;
				return {...data, messages, gateway: history.cursor ? {...gateway, historyCursor: history.cursor} : gateway};
			});
			// The last reply's usage says how full the context is now; the session's own row, when read, says it better.
			const usage = messages.findLast(m => m.role === 'assistant' && m.usage?.totalTokens !== undefined && m.usage.model !== 'gateway-injected')?.usage;
			this.#noteModel(usage && {...(usage.model && {model: usage.model}), totalTokens: usage.totalTokens});
			await this.store.flush();
			this.#noteModel(history.model ?? (this.#model.model === undefined || this.#model.contextTokens === undefined ? await readSessionModel(this.link, this.sessionKey) : undefined));
			return merged.added;
		} catch (error) {
			if (error instanceof LinkDown || error instanceof GatewayRequestError) {
				if (connected) {
					this.#noticeFor(this.messages, [], connected.downtimeMs);
					this.emit('change');
				}

				return undefined;
			}

			throw error;
		}
	}

	/** What the messages left in the file are matched to history rows by (read only when needed). */
	async #earlierKeys(): Promise<Set<string>> {
		const keys = new Set<string>();
		await this.store.readEarlier(group => {
			for (const key of group.flatMap(messageKeys)) {
				keys.add(key);
			}
		});

		return keys;
	}

	/** A line of the client's own in the transcript, after the last message (not saved: it is about this run of the client). */
	notice(text: string): void {
		this.#notices = [...this.#notices, {id: this.#makeId(), text, afterMessageId: this.messages.at(-1)?.id}];
		this.emit('change');
	}

	/** The divider after a (re)connect, placed before the first message it added; after a long spell offline it sums up. */
	#noticeFor(messages: readonly Message[], added: readonly string[], downtimeMs: number | undefined): void {
		const first = messages.findIndex(m => m.id === added[0]);
		const afterMessageId = first > 0 ? messages[first - 1]!.id : (first === 0 ? undefined : messages.at(-1)?.id);
		const text = reconnectNotice(added.length, downtimeMs, outbox(messages).length);
		if (text) {
			this.#notices = [...this.#notices, {id: this.#makeId(), text, afterMessageId}];
		}
	}

	/** Sends the outbox in order, one at a time, while the link is up. */
	async #pump(): Promise<void> {
		// A watcher's copy of the outbox is the writer's to send.
		if (this.#pumping || !this.#linkUp || this.readOnly) {
			return;
		}

		this.#pumping = true;
		try {
			for (let next = outbox(this.messages)[0]; next && this.#linkUp; next = outbox(this.messages)[0]) {
				const key = next.idempotencyKey!;
				// The run's time counts from here: the gateway may take a while before its first event.
				this.#track(key, this.#progress.get(key) ?? {runId: key, startedAt: this.#now().getTime(), activity: 'sending'});
				this.#update(data => ({...data, messages: markSending(data.messages, key)}));
				try {
					const attachments = await Promise.all((next.attachments ?? []).map(attachmentParam));
					const params = {sessionKey: this.sessionKey, message: next.text, idempotencyKey: key, ...(attachments.length > 0 && {attachments})};
					const {status} = await this.link.request('chat.send', params, chatSendResultSchema);
					// `ok`: the gateway ran this turn already (a re-send after a drop); its reply comes with history.
					const progress = this.#progress.get(key);
					this.#track(key, status === 'ok' ? undefined : (progress?.activity === 'sending' ? {...progress, activity: 'waiting for the gateway'} : progress));
					this.#update(data => ({...data, messages: markSent(data.messages, key)}));
				} catch (error) {
					this.#track(key, undefined);
					if (error instanceof GatewayRequestError && !error.shape.retryable) {
						this.#update(data => ({...data, messages: markFailed(data.messages, key, error.shape.message)}));
					} else if (error instanceof AttachmentError) {
						this.#update(data => ({...data, messages: markFailed(data.messages, key, error.message)}));
					} else {
						this.#update(data => ({...data, messages: requeueUnacknowledged(data.messages)}));
						if (error instanceof GatewayRequestError) {
							this.emit('refused', key, error);
						}

						break;
					}
				}
			}
		} finally {
			this.#pumping = false;
		}
	}

	#onEvent(frame: EventFrame): void {
		switch (frame.event) {
			case 'chat': {
				this.#onChat(frame.payload);
				break;
			}

			case 'agent': {
				this.#onAgent(frame.payload);
				break;
			}

			case 'exec.approval.requested': {
				const event = check(execApprovalRequestedSchema, frame.payload, 'exec.approval.requested event');
				if (event.ok) {
					this.#addApproval(event.value);
				}

				break;
			}

			case 'exec.approval.resolved': {
				const event = check(execApprovalResolvedSchema, frame.payload, 'exec.approval.resolved event');
				if (event.ok && this.#approvals.delete(event.value.id)) {
					this.emit('change');
				}

				break;
			}

			case 'session.message': {
				const event = check(sessionMessageEventSchema, frame.payload, 'session.message event');
				if (event.ok && event.value.sessionKey === this.sessionKey) {
					this.#noteModel(event.value.session);
					this.#update(data => ({...data, messages: applyForeignUserRow(data.messages, event.value.message, this.#makeId)}));
				}

				break;
			}

			default:
		}
	}

	#onChat(payload: unknown): void {
		const event = check(chatEventSchema, payload, 'chat event');
		if (!event.ok || event.value.sessionKey !== this.sessionKey) {
			return;
		}

		this.#track(event.value.runId, progressAfterChat(this.#progress.get(event.value.runId), event.value, this.#now().getTime()));
		this.#update(data => ({...data, messages: applyChatEvent(data.messages, event.value, this.#makeId, this.#now().toISOString())}));
		if (event.value.state === 'final' || event.value.state === 'aborted' || event.value.state === 'error') {
			void this.store.flush();
			// As openclaw tui does after a run: its rows hold what events do not (usage; the arguments and output of
			// tool calls in runs another client started), and a read with the cursor costs only those rows.
			if (this.#linkUp) {
				void this.#resync();
			}
		}
	}

	/** Agent events name their session, or only their run: one of ours, or one this session is running. */
	#onAgent(payload: unknown): void {
		const event = check(agentEventSchema, payload, 'agent event');
		if (!event.ok) {
			return;
		}

		const {runId, sessionKey} = event.value;
		const ours = sessionKey === undefined ? this.#progress.has(runId) || this.messages.some(m => m.runId === runId || m.idempotencyKey === runId) : sessionKey === this.sessionKey;
		if (!ours) {
			return;
		}

		this.#track(runId, progressAfterAgent(this.#progress.get(runId), event.value, this.#now().getTime()));
		if (isReplyStream(event.value)) {
			this.#update(data => ({...data, messages: applyAgentEvent(data.messages, event.value, this.#makeId, this.#now())}));
		} else {
			this.emit('change');
		}
	}

	#track(runId: string, progress: RunProgress | undefined): void {
		if (progress === undefined) {
			this.#progress.delete(runId);
		} else {
			this.#progress.set(runId, progress);
		}
	}

	#noteModel(info: SessionModel | undefined): void {
		if (info) {
			this.#model = withModel(this.#model, info);
			this.emit('change');
		}
	}
}
