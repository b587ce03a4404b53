/**
 * The Telegram channel of the embedded gateway: a grammY bot that long-polls the Bot API and turns the messages
 * of allow-listed users into turns of a gateway session, through the same `chat.send` every client uses, so they
 * land in the session's history and reach attached terminals like any client's turn. Replies stream back by
 * editing one message (reply-stream.ts). A reply still being delivered is kept in `telegram.json` (state.ts), so
 * a gateway restart mid-reply picks it up where it was and loses nothing.
 */
import {setTimeout as delay} from 'node:timers/promises';
import {Bot, BotError, GrammyError, HttpError, type Context} from 'grammy';
import type {Update} from 'grammy/types';
import {chatEventSchema, contentText} from '../../protocol/payloads.js';
import {splitSessionKey} from '../../protocol/session-key.js';
import {validateSessionName} from '../../store/names.js';
import {canonicalKey, defaultAgentId, type ChatService, type Publish} from '../chat.js';
import {poll} from './poller.js';
import {escapeHtml} from './render.js';
import {ReplyStream, systemClock, type ChatOutbox, type Clock} from './reply-stream.js';
import {ChannelStore, type PendingReply} from './state.js';

/** Where the bot connects and whom it serves. */
export type TelegramSettings = {
	/** The bot token (BotFather's); used only to call the Bot API, never stored or logged. */
	token: string;
	/** Telegram user ids served; everyone else gets no answer. */
	allowedUsers: readonly number[];
	/** The Bot API's root URL without a trailing slash (grammY's `client.apiRoot`); default https://api.telegram.org. */
	apiRoot?: string;
};

/** Time and logging, injected for tests. */
export type TelegramDeps = {
	clock?: Clock;
	/** Waits `ms` (backoff between attempts), or less when the signal aborts. */
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	random?: () => number;
	/** One line for the gateway's log. */
	log?: (line: string) => void;
	/** Shortest time between two edits of a reply, ms (default 1000: Telegram's about one message a second per chat). */
	editIntervalMs?: number;
	/** How long the Bot API holds a getUpdates open, s (default 30). */
	pollTimeoutSeconds?: number;
};

export type TelegramOptions = TelegramSettings & TelegramDeps;

/** What the channel needs of the gateway. */
export type ChannelGateway = {
	chat: Pick<ChatService, 'send' | 'listSessions' | 'patchSession' | 'replyOf' | 'sessionChannel'>;
	dataDir: string;
	/** Hears every event the gateway publishes (as connections do); returns the way to stop hearing. */
	listen(listener: Publish): () => void;
};

export type TelegramChannel = {
	/** Stops polling and streaming; replies not yet delivered are taken up at the next start. */
	stop(): Promise<void>;
};

const sleepFor = async (ms: number, signal: AbortSignal) => delay(ms, undefined, {signal}).catch(() => undefined);

/** Starts the channel: replies left from the last run are taken up at once, then polling starts in the background. */
export async function startTelegram(options: TelegramOptions, gateway: ChannelGateway): Promise<TelegramChannel> {
	const store = await ChannelStore.open(gateway.dataDir);
	const channel = new Channel(options, gateway, store);
	channel.start();
	return channel;
}

const helpText = [
	'This chat talks to a Tether session.',
	'/sessions — list sessions',
	'/attach NAME — talk to session NAME (default main)',
	'/new NAME — start session NAME and talk to it',
	'Anything else is a turn of the session; /status and /help of the gateway go to it too.',
].join('\n');

class Channel implements TelegramChannel {
	readonly #bot: Bot;
	readonly #allowed: ReadonlySet<number>;
	/** Users already logged as refused: each is logged once. */
	readonly #strangers = new Set<number>();
	/** The reply being streamed for each turn (by run id). */
	readonly #streams = new Map<string, ReplyStream>();
	readonly #finishing = new Set<string>();
	readonly #outbox: ChatOutbox;
	readonly #clock: Clock;
	readonly #controller = new AbortController();
	#polling: Promise<void> = Promise.resolve();
	#unlisten: () => void = () => undefined;

	constructor(
		private readonly options: TelegramOptions,
		private readonly gateway: ChannelGateway,
		private readonly store: ChannelStore,
	) {
		this.#allowed = new Set(options.allowedUsers);
		this.#clock = options.clock ?? systemClock;
		// The Bot API's long poll is held up to pollTimeoutSeconds: the request may take that long and some more.
		this.#bot = new Bot(options.token, {
			client: {...(options.apiRoot !== undefined && {apiRoot: options.apiRoot}), timeoutSeconds: this.#pollTimeoutSeconds + 30},
		});
		const html = {parse_mode: 'HTML', link_preview_options: {is_disabled: true}} as const;
		const {api} = this.#bot;
		this.#outbox = {
			send: async (chatId, text) => (await api.sendMessage(chatId, text, html)).message_id,
			async edit(chatId, messageId, text) {
				await api.editMessageText(chatId, messageId, text, html);
			},
			async delete(chatId, messageId) {
				await api.deleteMessage(chatId, messageId);
			},
			async typing(chatId) {
				await api.sendChatAction(chatId, 'typing');
			},
		};
		this.#routes();
	}

	get #pollTimeoutSeconds(): number {
		return this.options.pollTimeoutSeconds ?? 30;
	}

	start(): void {
		const {chat} = this.gateway;
		chat.sessionChannel = key => (Object.values(this.store.state.chats).includes(key) ? 'telegram' : undefined);
		this.#unlisten = this.gateway.listen((event, payload) => {
			if (event === 'chat') {
				this.#onChatEvent(payload);
			}
		});
		for (const pending of this.store.state.pending) {
			this.#follow(pending);
		}

		const {signal} = this.#controller;
		this.#polling = poll<Update>(
			{
				api: {
					// getMe itself, not bot.init(): init retries on its own schedule, forever, out of the poller's sight.
					connect: async signal => {
						this.#bot.botInfo = await this.#bot.api.getMe(grammySignal(signal));
						return `@${this.#bot.botInfo.username}`;
					},
					updates: async (offset, signal) => this.#bot.api.getUpdates({offset, timeout: this.#pollTimeoutSeconds, allowed_updates: ['message']}, grammySignal(signal)),
				},
				handle: async update => this.#handle(update),
				saveOffset: async offset => this.store.change(state => ({...state, offset})),
				sleep: this.options.sleep ?? sleepFor,
				random: this.options.random ?? Math.random,
				log: line => this.#log(line),
				// A revoked or mistyped token: asking again cannot help.
				isFatal: error => error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404),
				describe: error => describe(error),
			},
			this.store.state.offset,
			signal,
		).catch((error: unknown) => this.#log(`telegram: polling stopped: ${describe(error)}`));
	}

	async stop(): Promise<void> {
		this.#controller.abort();
		await this.#polling;
		for (const stream of this.#streams.values()) {
			stream.stop();
		}

		this.#unlisten();
		this.gateway.chat.sessionChannel = () => undefined;
		await this.store.flushed();
	}

	#log(line: string): void {
		// grammY keeps the token out of its errors (sensitiveLogs: false); this is the second lock on that door.
		(this.options.log ?? (text => console.error(text)))(line.replaceAll(this.options.token, '<telegram token>'));
	}

	#routes(): void {
		const bot = this.#bot;
		bot.use(async (context, next) => {
			const user = context.from?.id;
			if (user !== undefined && this.#allowed.has(user)) {
				await next();
			} else if (user !== undefined && !this.#strangers.has(user)) {
				this.#strangers.add(user);
				this.#log(`telegram: ignoring user ${user} (not in telegram.allowed_users); further messages from them are ignored silently`);
			}
		});
		bot.command(['start', 'help'], async context => this.#answer(context, escapeHtml(helpText)));
		bot.command('sessions', async context => this.#answer(context, this.#sessionList(context.chat.id)));
		bot.command('attach', async context => this.#attach(context, context.match.trim(), false));
		bot.command('new', async context => this.#attach(context, context.match.trim(), true));
		bot.on('message:text', async context => this.#turn(context.chat.id, context.msg.message_id, context.msg.text));
		bot.on('message', async context => this.#answer(context, 'Only text messages reach the session.'));
	}

	async #handle(update: Update): Promise<void> {
		try {
			await this.#bot.handleUpdate(update);
		} catch (error) {
			const cause = error instanceof BotError ? error.error : error;
			if (this.#controller.signal.aborted) {
				// The gateway is stopping: the update is fetched again at the next start.
				throw cause;
			}

			this.#log(`telegram: update ${update.update_id} failed: ${describe(cause)}`);
		}
	}

	async #answer(context: Context, html: string): Promise<void> {
		await context.reply(html, {parse_mode: 'HTML', link_preview_options: {is_disabled: true}});
	}

	#sessionOf(chatId: number): string {
		return this.store.state.chats[String(chatId)] ?? canonicalKey('main');
	}

	#sessionList(chatId: number): string {
		const here = this.#sessionOf(chatId);
		const {sessions} = this.gateway.chat.listSessions(50);
		const lines = sessions.map(row => {
			const preview = row.lastMessagePreview ? ` — ${row.lastMessagePreview.replaceAll(/\s+/g, ' ').slice(0, 60)}` : '';
			return `• <b>${escapeHtml(shortName(row.key))}</b>${row.key === here ? ' (this chat)' : ''}${escapeHtml(preview)}`;
		});
		if (!sessions.some(row => row.key === here)) {
			lines.unshift(`• <b>${escapeHtml(shortName(here))}</b> (this chat, no messages yet)`);
		}

		return lines.join('\n');
	}

	async #attach(context: Context & {chat: {id: number}}, name: string, create: boolean): Promise<void> {
		const command = create ? '/new' : '/attach';
		if (name === '') {
			await this.#answer(context, `Usage: ${command} NAME`);
			return;
		}

		let key: string;
		try {
			key = canonicalKey(validateSessionName(name));
		} catch (error) {
			await this.#answer(context, escapeHtml((error as Error).message));
			return;
		}

		const exists = this.gateway.chat.listSessions(Number.MAX_SAFE_INTEGER).sessions.some(row => row.key === key);
		if (create && exists) {
			await this.#answer(context, `Session <b>${escapeHtml(name)}</b> exists already: /attach ${escapeHtml(name)} talks to it.`);
			return;
		}

		if (create) {
			await this.gateway.chat.patchSession(key, {});
		}

		await this.store.change(state => ({...state, chats: {...state.chats, [String(context.chat.id)]: key}}));
		await this.#answer(context, `This chat now talks to <b>${escapeHtml(shortName(key))}</b>${create || exists ? '' : ' (a new session: it starts with your next message)'}.`);
	}

	/**
	 * A plain message: a turn of the chat's session, keyed by chat and message id so a message Telegram delivers
	 * again (after a restart) is the same turn. It is noted as pending before it is sent, so its reply reaches the
	 * chat even if the gateway stops right after storing it.
	 */
	async #turn(chatId: number, messageId: number, text: string): Promise<void> {
		const runId = `telegram-${chatId}-${messageId}`;
		let pending = this.store.state.pending.find(entry => entry.runId === runId);
		if (!pending) {
			const sessionKey = this.#sessionOf(chatId);
			if (this.gateway.chat.replyOf(sessionKey, runId)?.done) {
				return; // delivered before this update came again
			}

			pending = {runId, chatId, sessionKey, messageIds: []};
			const entry = pending;
			await this.store.change(state => ({...state, chats: {...state.chats, [String(chatId)]: sessionKey}, pending: [...state.pending, entry]}));
		}

		await this.gateway.chat.send(pending.sessionKey, text, runId);
		this.#follow(pending);
	}

	/** Streams the reply to a pending turn into its chat, from wherever it has got. */
	#follow(pending: PendingReply): void {
		const {runId, chatId, sessionKey} = pending;
		if (this.#streams.has(runId)) {
			return;
		}

		const reply = this.gateway.chat.replyOf(sessionKey, runId);
		if (reply === undefined) {
			// Never stored (the gateway stopped before): Telegram delivers the message again and it starts over.
			void this.#forget(runId);
			return;
		}

		let reported = false;
		const stream = new ReplyStream({
			chatId,
			outbox: this.#outbox,
			clock: this.#clock,
			intervalMs: this.options.editIntervalMs ?? 1000,
			messageIds: pending.messageIds,
			onMessages: ids => {
				void this.store
					.change(state => ({...state, pending: state.pending.map(entry => (entry.runId === runId ? {...entry, messageIds: [...ids]} : entry))}))
					.catch((error: unknown) => this.#log(`telegram: could not save reply state: ${describe(error)}`));
			},
			onError: error => {
				if (!reported) {
					reported = true;
					this.#log(`telegram: could not update a reply in chat ${chatId} (${describe(error)}); trying again`);
				}
			},
		});
		this.#streams.set(runId, stream);
		if (reply.done) {
			this.#deliver(runId, reply.text);
		} else if (reply.text !== '') {
			stream.update(reply.text);
		}
	}

	#onChatEvent(payload: Record<string, unknown>): void {
		const parsed = chatEventSchema.safeParse(payload);
		const stream = parsed.success ? this.#streams.get(parsed.data.runId) : undefined;
		if (!parsed.success || !stream) {
			return;
		}

		const event = parsed.data;
		const text = contentText(event.message?.content);
		switch (event.state) {
			case 'delta': {
				stream.update(text);
				break;
			}

			case 'final': {
				this.#deliver(event.runId, text);
				break;
			}

			case 'aborted': {
				this.#deliver(event.runId, `${text}\n\n(stopped)`);
				break;
			}

			case 'error': {
				this.#deliver(event.runId, event.errorMessage ?? '⚠️ the reply failed');
				break;
			}

			default: {
				break;
			}
		}
	}

	#deliver(runId: string, text: string): void {
		const stream = this.#streams.get(runId);
		if (!stream || this.#finishing.has(runId)) {
			return;
		}

		this.#finishing.add(runId);
		void stream.finish(text.trim() === '' ? '(no reply)' : text).then(async () => {
			if (!this.#controller.signal.aborted) {
				this.#streams.delete(runId);
				this.#finishing.delete(runId);
				await this.#forget(runId);
			}
		});
	}

	async #forget(runId: string): Promise<void> {
		await this.store
			.change(state => ({...state, pending: state.pending.filter(entry => entry.runId !== runId)}))
			.catch((error: unknown) => this.#log(`telegram: could not save reply state: ${describe(error)}`));
	}
}

/**
 * grammY on Node fetches with node-fetch (with Node's own fetch its requests hang) and types its signals as the
 * abort-controller polyfill's; at run time it takes any signal with `addEventListener` (client.js validateSignal).
 */
function grammySignal(signal: AbortSignal): Parameters<Bot['api']['getMe']>[0] {
	return signal as unknown as Parameters<Bot['api']['getMe']>[0];
}

/** A session key as the user named it: `work` for the default agent's `agent:main:work`. */
function shortName(key: string): string {
	const parts = splitSessionKey(key);
	return parts?.agentId === defaultAgentId ? parts.rest : key;
}

/** One line on a Bot API failure: the API's own code and words, or the network error under grammY's. */
export function describe(error: unknown): string {
	if (error instanceof GrammyError) {
		return `${error.error_code}: ${error.description}`;
	}

	if (error instanceof HttpError) {
		const cause = error.error instanceof Error ? error.error.message : String(error.error);
		// node-fetch names the URL, and the URL holds the token: only the reason is kept.
		return `network: ${cause.replace(/^request to \S+ failed, reason: /, '')}`;
	}

	return error instanceof Error ? error.message : String(error);
}
