/**
 * /recall (the TUI's command) off the TUI's render path: the query runs in a child process (recall-child.ts), which reports how
 * far a first indexing has come; the TUI's own memory and event loop only ever see the progress and the hits.
 */
import {fork} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {EmbeddingsEndpoint} from './embeddings.js';
import {progressText} from './progress.js';
import type {Found} from './search-index.js';
import type {RecallReport, RecallRequest} from './recall-child.js';

/** The hits, and the sessions left out as damaged (see `SearchIndex.damaged`). */
export type RecallAnswer = {found: Found[]; damaged: string[]};

/** Runs a query; `progress` hears a line to show while the index is built (`3/100 sessions, …, 1,234 messages/s`). */
export type RecallRun = (query: string, limit: number, progress: (line: string) => void) => Promise<RecallAnswer>;

export class RecallFailed extends Error {}

/** The two config keys (config/keys.ts) that name an embeddings endpoint; config's values are given whole. */
export type EmbeddingsKeys = {readonly 'recall.embeddings_url'?: string | undefined; readonly 'recall.embeddings_model'?: string | undefined};

/** The embeddings endpoint the config names (`recall.embeddings_url` and `_model`), if it names one whole. */
export function embeddingsOf(values: EmbeddingsKeys | undefined): EmbeddingsEndpoint | undefined {
	const baseUrl = values?.['recall.embeddings_url'];
	const model = values?.['recall.embeddings_model'];
	return baseUrl !== undefined && model !== undefined ? {baseUrl, model} : undefined;
}

const childEntry = fileURLToPath(new URL('recall-child.js', import.meta.url));

/**
 * A `RecallRun` over the sessions in `dir`, each query in a child process started from `entry` (the built
 * recall-child.js), ranking by meaning too with `embeddings`.
 */
export function recallInChild(dir: string, {entry = childEntry, embeddings}: {entry?: string; embeddings?: EmbeddingsEndpoint | undefined} = {}): RecallRun {
	return async (query, limit, progress) =>
		new Promise<RecallAnswer>((resolve, reject) => {
			// Node's own flags only: the TUI's (a loader, an inspector port) are not the child's business.
			const child = fork(entry, [], {stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: []});
			let settled = false;
			child.on('message', (report: RecallReport) => {
				if (report.kind === 'progress') {
					progress(progressText(report, report.ms));
				} else {
					settled = true;
					if (report.kind === 'done') {
						resolve({found: report.found, damaged: report.damaged});
					} else {
						reject(new RecallFailed(`recall failed: ${report.message}`));
					}
				}
			});
			child.on('error', error => {
				settled = true;
				reject(new RecallFailed(`recall could not start: ${error.message}`));
			});
			child.on('exit', (code, signal) => {
				if (!settled) {
					reject(new RecallFailed(`recall stopped (${signal ?? `exit code ${code}`}) before it answered`));
				}
			});
			child.send({dir, query, limit, embeddings} satisfies RecallRequest);
		});
}
