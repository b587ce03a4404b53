/**
 * Long polling with backoff: asks the Bot API for updates until stopped, hands each to the channel, and when
 * Telegram cannot be reached waits longer each time (full jitter, 1 s doubling to 5 min), saying so once per
 * outage rather than once per attempt.
 */

/** The Bot API as the poller uses it; each call rejects on any failure and when the signal aborts. */
export type PollApi<Update extends {update_id: number}> = {
	/** Who the bot is (getMe); asked before the first poll and after each outage until it answers. */
	connect(signal: AbortSignal): Promise<string>;
	/** getUpdates from `offset`, held open by the server up to its long-poll timeout. */
	updates(offset: number, signal: AbortSignal): Promise<Update[]>;
};

export type PollerDeps<Update extends {update_id: number}> = {
	api: PollApi<Update>;
	/**
	 * Handles one update, reporting its own failures (an update that failed is not fetched again: one bad update
	 * must not block the rest). It rejects only when the gateway is stopping: polling ends there, and the update is
	 * fetched again at the next start.
	 */
	handle(update: Update): Promise<void>;
	/** Keeps the next offset (after each batch), so a restart neither repeats nor skips an update. */
	saveOffset(offset: number): Promise<void>;
	/** Waits `ms`, or less when the signal aborts. */
	sleep: (ms: number, signal: AbortSignal) => Promise<void>;
	random: () => number;
	log(line: string): void;
	/** A refusal that retrying cannot fix (a revoked token: 401); polling stops. */
	isFatal(error: unknown): boolean;
	describe(error: unknown): string;
};

export const backoffBaseMs = 1000;
export const backoffCapMs = 5 * 60_000;

/** The wait before retry number `attempt` (1-based), ms: full jitter under a ceiling that doubles up to 5 min. */
export function pollBackoff(attempt: number, random: () => number): number {
	return Math.round(random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.min(attempt - 1, 20)));
}

/** Polls from `offset` until `signal` aborts, or a fatal refusal; resolves then. */
export async function poll<Update extends {update_id: number}>(deps: PollerDeps<Update>, offset: number, signal: AbortSignal): Promise<void> {
	/** Failed attempts since the last answer: an outage is logged at its first and when it ends. */
	let failures = 0;
	let name: string | undefined;
	let announced = false;
	let next = offset;
	while (!signal.aborted) {
		let updates: Update[];
		try {
			name ??= await deps.api.connect(signal);
			updates = await deps.api.updates(next, signal);
		} catch (error) {
			if (signal.aborted) {
				break;
			}

			if (deps.isFatal(error)) {
				deps.log(`telegram: stopped: ${deps.describe(error)}`);
				return;
			}

			failures += 1;
			if (failures === 1) {
				deps.log(`telegram: cannot reach the Bot API (${deps.describe(error)}); retrying with backoff, terminals are not affected`);
			}

			await deps.sleep(pollBackoff(failures, deps.random), signal);
			continue;
		}

		if (failures > 0 || !announced) {
			deps.log(failures > 0 ? `telegram: reachable again after ${failures} failed attempts; polling as ${name}` : `telegram: polling as ${name}`);
			failures = 0;
			announced = true;
		}

		for (const update of updates) {
			if (update.update_id < next) {
				continue;
			}

			try {
				await deps.handle(update);
			} catch {
				await deps.saveOffset(next);
				return;
			}

			next = update.update_id + 1;
		}

		if (updates.length > 0) {
			await deps.saveOffset(next);
		}
	}
}
