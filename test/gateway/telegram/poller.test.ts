import {describe, expect, it} from 'vitest';
import {poll, pollBackoff, type PollerDeps} from '../../../source/gateway/telegram/poller.js';

type Update = {update_id: number};
class Refused extends Error {}

/** A poller over scripted answers: each `updates` call takes the next answer; the poll stops when they run out. */
function scripted(answers: Array<Update[] | Error>, overrides: Partial<PollerDeps<Update>> = {}) {
	const controller = new AbortController();
	const log: string[] = [];
	const waits: number[] = [];
	const handled: number[] = [];
	const offsets: number[] = [];
	const deps: PollerDeps<Update> = {
		api: {
			connect: async () => '@bot',
			async updates() {
				const answer = answers.shift();
				if (answer === undefined) {
					controller.abort();
					throw new Error('aborted');
				}

				if (answer instanceof Error) {
					throw answer;
				}

				return answer;
			},
		},
		async handle(update) {
			handled.push(update.update_id);
		},
		async saveOffset(offset) {
			offsets.push(offset);
		},
		async sleep(ms) {
			waits.push(ms);
		},
		random: () => 1,
		log: line => log.push(line),
		isFatal: error => error instanceof Refused,
		describe: error => (error as Error).message,
		...overrides,
	};
	return {run: async (offset = 0) => poll(deps, offset, controller.signal), log, waits, handled, offsets};
}

describe('long polling', () => {
	it('hands updates over in order once each and keeps the offset after each batch', async () => {
		const poller = scripted([[{update_id: 5}, {update_id: 6}], [], [{update_id: 6}, {update_id: 7}]]);
		await poller.run(5);
		expect(poller.handled).toEqual([5, 6, 7]);
		expect(poller.offsets).toEqual([7, 8]);
		expect(poller.log).toEqual(['telegram: polling as @bot']);
	});

	it('waits longer after each failure (1 s doubling, 5 min at most), logs one line per outage, and says when it is back', async () => {
		const down = new Error('network: connect ECONNREFUSED');
		const poller = scripted([...Array.from({length: 12}, () => down), [{update_id: 1}], down, []]);
		await poller.run();
		expect(poller.waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000, 1000]);
		expect(poller.log).toEqual([
			'telegram: cannot reach the Bot API (network: connect ECONNREFUSED); retrying with backoff, terminals are not affected',
			'telegram: reachable again after 12 failed attempts; polling as @bot',
			'telegram: cannot reach the Bot API (network: connect ECONNREFUSED); retrying with backoff, terminals are not affected',
			'telegram: reachable again after 1 failed attempts; polling as @bot',
		]);
		expect(poller.handled).toEqual([1]);
	});

	it('stops for good on a refusal retrying cannot fix (a revoked token), saying why', async () => {
		const poller = scripted([new Refused('401: Unauthorized'), []]);
		await poller.run();
		expect(poller.log).toEqual(['telegram: stopped: 401: Unauthorized']);
		expect(poller.waits).toEqual([]);
	});

	it('draws each wait at random under its ceiling (full jitter)', () => {
		expect(pollBackoff(3, () => 0.5)).toBe(2000);
		expect(pollBackoff(40, () => 0.25)).toBe(75_000);
	});
});
