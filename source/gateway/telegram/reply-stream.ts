/**
 * One reply streamed into a Telegram chat: a message edited as the reply grows, at most once per interval
 * (Telegram allows about one message a second per chat), with more messages when it outgrows 4,096 characters.
 * Timers are injected so tests run on a fake clock.
 */
import {renderMessages} from './render.js';

/** What a reply needs of the Bot API; each call rejects with the Bot API's error (see `isNotModified`, `isGone`). */
export type ChatOutbox = {
	/** Sends HTML; resolves to the new message's id. */
	send(chatId: number, html: string): Promise<number>;
	edit(chatId: number, messageId: number, html: string): Promise<void>;
	delete(chatId: number, messageId: number): Promise<void>;
	typing(chatId: number): Promise<void>;
};

/** Milliseconds since the epoch, and a one-shot timer. */
export type Clock = {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: handle => clearTimeout(handle as NodeJS.Timeout),
};

/** The Bot API's answer to an edit that changes nothing: the message already shows this text. */
export const isNotModified = (error: unknown) => /message is not modified/i.test(errorText(error));
/** The message is gone (deleted by the user) or can no longer be edited: send the part again instead. */
export const isGone = (error: unknown) => /message to edit not found|message can't be edited|message to delete not found/i.test(errorText(error));

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export type ReplyStreamOptions = {
	chatId: number;
	outbox: ChatOutbox;
	clock: Clock;
	/** Shortest time between two writes to the chat, ms. */
	intervalMs: number;
	/** Messages this reply already has (a reply resumed after a restart keeps editing them). */
	messageIds?: readonly number[];
	/** Told each time the reply's messages change, so they can be kept across a restart. */
	onMessages: (messageIds: readonly number[]) => void;
	/** Told of a write that failed (it is tried again at the next write, later each time). */
	onError(error: unknown): void;
};

/** The longest wait between attempts when writes keep failing, ms. */
const maxRetryMs = 60_000;

export class ReplyStream {
	readonly #options: ReplyStreamOptions;
	readonly #ids: number[];
	/** The HTML each message shows, as far as this process knows (unknown after a restart: edited again). */
	readonly #shown: string[] = [];
	#text = '';
	#final = false;
	#writing = false;
	#timer: unknown;
	#lastWriteAt = -Infinity;
	#failures = 0;
	#stopped = false;
	readonly #delivered: Promise<void>;
	#resolveDelivered!: () => void;

	constructor(options: ReplyStreamOptions) {
		this.#options = options;
		this.#ids = [...(options.messageIds ?? [])];
		this.#delivered = new Promise(resolve => {
			this.#resolveDelivered = resolve;
		});
		if (this.#ids.length === 0) {
			options.outbox.typing(options.chatId).catch(() => undefined);
		}
	}

	/** The reply so far (the whole text, not an increment). */
	update(text: string): void {
		if (!this.#final && text !== this.#text) {
			this.#text = text;
			this.#schedule();
		}
	}

	/** The whole reply; resolves once the chat shows it (or the stream was stopped). */
	async finish(text: string): Promise<void> {
		this.#text = text;
		this.#final = true;
		this.#schedule();
		return this.#delivered;
	}

	/** Stops writing (the gateway is stopping); the reply is taken up again from its messages at the next start. */
	stop(): void {
		this.#stopped = true;
		this.#options.clock.clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#resolveDelivered();
	}

	#schedule(): void {
		if (this.#writing || this.#timer !== undefined || this.#stopped) {
			return;
		}

		const {clock, intervalMs} = this.#options;
		const pause = this.#failures === 0 ? intervalMs : Math.min(maxRetryMs, intervalMs * 2 ** this.#failures);
		const wait = Math.max(0, this.#lastWriteAt + pause - clock.now());
		this.#timer = clock.setTimeout(() => {
			this.#timer = undefined;
			void this.#write();
		}, wait);
	}

	async #write(): Promise<void> {
		this.#writing = true;
		const text = this.#text;
		const final = this.#final;
		try {
			await this.#show(renderMessages(text), final);
			this.#failures = 0;
		} catch (error) {
			this.#failures += 1;
			this.#options.onError(error);
		} finally {
			this.#writing = false;
			this.#lastWriteAt = this.#options.clock.now();
		}

		if (this.#stopped) {
			return;
		}

		if (this.#text !== text || this.#final !== final || this.#failures > 0) {
			this.#schedule();
		} else if (final) {
			this.#resolveDelivered();
		}
	}

	/** Makes the chat show `messages`: edits what changed, sends what is new, and at the end removes what is left over. */
	async #show(messages: readonly string[], final: boolean): Promise<void> {
		const {chatId, outbox, onMessages} = this.#options;
		for (const [index, html] of messages.entries()) {
			const id = this.#ids[index];
			if (id === undefined) {
				this.#ids.push(await outbox.send(chatId, html));
				onMessages(this.#ids);
			} else if (this.#shown[index] !== html) {
				await outbox.edit(chatId, id, html).catch(async (error: unknown) => {
					if (isGone(error)) {
						this.#ids[index] = await outbox.send(chatId, html);
						onMessages(this.#ids);
					} else if (!isNotModified(error)) {
						throw error;
					}
				});
			}

			this.#shown[index] = html;
		}

		// A reply run again after a restart may come out shorter than what was shown the first time.
		if (final) {
			while (this.#ids.length > Math.max(messages.length, 1)) {
				await outbox.delete(chatId, this.#ids.at(-1)!).catch((error: unknown) => {
					if (!isGone(error)) {
						throw error;
					}
				});
				this.#ids.pop();
				this.#shown.length = this.#ids.length;
				onMessages(this.#ids);
			}
		}
	}
}
