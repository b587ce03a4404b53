/**
 * What the Telegram channel keeps across gateway restarts, in `telegram.json` in the gateway's data dir: which
 * session each chat talks to, the replies still being delivered (and the messages they fill), and the next update
 * to ask for. Never the bot token.
 */
import path from 'node:path';
import {z} from 'zod';
import {DurableJsonFile} from '../../store/durable-file.js';

const pendingSchema = z.object({
	/** The turn's run id: also its chat.send idempotency key. */
	runId: z.string(),
	chatId: z.number().int(),
	sessionKey: z.string(),
	messageIds: z.array(z.number().int()),
});
export type PendingReply = z.infer<typeof pendingSchema>;

const stateSchema = z.object({
	/** The next `getUpdates` offset: every update before it was handled. */
	offset: z.number().int(),
	/** Chat id → the session key it talks to. */
	chats: z.record(z.string(), z.string()),
	pending: z.array(pendingSchema),
});
export type ChannelState = z.infer<typeof stateSchema>;

/** The state in memory, written through on every change (one write at a time, in order). */
export class ChannelStore {
	#state: ChannelState;
	#writes: Promise<void> = Promise.resolve();

	private constructor(
		private readonly file: DurableJsonFile<ChannelState>,
		state: ChannelState,
	) {
		this.#state = state;
	}

	static async open(dataDir: string): Promise<ChannelStore> {
		const file = new DurableJsonFile(path.join(dataDir, 'telegram.json'), stateSchema);
		return new ChannelStore(file, (await file.read()) ?? {offset: 0, chats: {}, pending: []});
	}

	get state(): ChannelState {
		return this.#state;
	}

	/** Changes the state; resolves once the change is on disk. */
	async change(change: (state: ChannelState) => ChannelState): Promise<void> {
		this.#state = change(this.#state);
		const write = this.#writes.then(async () => this.file.write(this.#state));
		this.#writes = write.catch(() => undefined);
		await write;
	}

	async flushed(): Promise<void> {
		await this.#writes;
	}
}
