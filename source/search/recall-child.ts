/**
 * The TUI's /recall runs here, in a process of its own (see recall-runner.ts beside it): a first query indexes every
 * session, seconds of work and ~100 MB at 50,000 messages, which in the TUI's process would freeze its screen
 * and stay in its memory (its budget is 150 MB). Asked once over IPC, it answers with progress, then the hits.
 */
import type {EmbeddingsEndpoint} from './embeddings.js';
import {recall, type Found, type Progress} from './search-index.js';
import {favourMemoryOverSpeed, giveBackFreedMemory, indexTimeYoung} from '../lean-heap.js';

/** What the TUI asks: the query, in the sessions dir, for at most `limit` hits. */
export type RecallRequest = {dir: string; query: string; limit: number; embeddings?: EmbeddingsEndpoint | undefined};

/** What the child says: how far indexing has come (`ms` since it began), then the hits or why there are none. */
export type RecallReport = ({kind: 'progress'; ms: number} & Progress) | {kind: 'done'; found: Found[]; damaged: string[]} | {kind: 'failed'; message: string};

/** The least time between two progress reports, in ms: the TUI redraws a line for each. */
const progressEvery = 250;

function send(report: RecallReport): void {
	process.send?.(report);
}

process.once('message', (request: RecallRequest) => {
	favourMemoryOverSpeed(indexTimeYoung);
	const started = performance.now();
	let said = Number.NEGATIVE_INFINITY;
	const progress = (reached: Progress) => {
		const now = performance.now();
		if (now - said >= progressEvery) {
			said = now;
			send({kind: 'progress', ms: now - started, ...reached});
		}
	};

	// An endpoint that fails leaves the words' ranking to answer: the TUI has no stderr to say it on.
	recall(request.dir, request.query, {limit: request.limit, progress, collect: giveBackFreedMemory, embeddings: request.embeddings})
		.then(
			({found, damaged}) => send({kind: 'done', found, damaged}),
			(error: unknown) => send({kind: 'failed', message: error instanceof Error ? error.message : String(error)}),
		)
		.finally(() => process.disconnect());
});
