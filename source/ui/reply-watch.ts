/**
 * Which replies finished since the last look, for notifications. Pure: fed the session's messages after each
 * change. A reply counts when this client saw it stream, or when it answers a message sent while watching
 * (a reply can arrive already final); replies already there, or folded in from the history of a session
 * just attached, do not.
 */
import type {Message} from '../model/message.js';

/** A reply that ended, how (`final` or `error`), and how long its turn took in ms (from the message it answers). */
export type FinishedReply = {message: Message; tookMs: number};

/** New messages are at the end: only this many of the last are looked at on each change (a delta each). */
const tail = 20;

export class ReplyWatch {
	readonly #known: Set<string>;
	readonly #streaming = new Map<string, number>();
	readonly #sent = new Set<string>();
	readonly #done = new Set<string>();

	/** `messages`: those there when watching starts; they never count. */
	constructor(messages: readonly Message[]) {
		this.#known = new Set(messages.map(message => message.id));
	}

	/** The replies that ended since the last call; `now` in ms since the epoch. */
	observe(messages: readonly Message[], now: number): FinishedReply[] {
		const finished: FinishedReply[] = [];
		const from = Math.max(0, messages.length - tail);
		for (let index = from; index < messages.length; index++) {
			const message = messages[index]!;
			if (message.role === 'user') {
				if (!this.#known.has(message.id)) {
					this.#sent.add(message.id);
				}

				continue;
			}

			if (message.role !== 'assistant' || this.#done.has(message.id)) {
				continue;
			}

			if (message.status === 'streaming') {
				this.#streaming.set(message.id, this.#streaming.get(message.id) ?? now);
				continue;
			}

			const asked = lastUserBefore(messages, index);
			const watched = this.#streaming.has(message.id) || (asked !== undefined && this.#sent.has(asked.id));
			if (!watched || this.#known.has(message.id)) {
				continue;
			}

			const started = asked ? Date.parse(asked.at) : (this.#streaming.get(message.id) ?? now);
			this.#done.add(message.id);
			this.#streaming.delete(message.id);
			if (message.status === 'final' || message.status === 'error') {
				finished.push({message, tookMs: Math.max(0, now - started)});
			}
		}

		return finished;
	}
}

function lastUserBefore(messages: readonly Message[], index: number): Message | undefined {
	for (let at = index - 1; at >= 0 && at >= index - tail; at--) {
		if (messages[at]!.role === 'user') {
			return messages[at];
		}
	}

	return undefined;
}
