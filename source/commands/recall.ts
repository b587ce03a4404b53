/** `tether recall QUERY` (alias `search`): ranked full-text search across all sessions. */
import path from 'node:path';
import chalk from 'chalk';
import {UsageError} from '../errors.js';
import {refusalReason, SessionNotFound} from '../store/errors.js';
import {fileStemOf} from '../store/file-names.js';
import {fileVersion} from '../store/file-version.js';
import type {ConfigValues} from '../config/keys.js';
import type {EmbeddingsEndpoint} from '../search/embeddings.js';
import {leftOutText, progressText, rate} from '../search/progress.js';
import {recall as recallQuery, type RecallOptions} from '../search/search-index.js';
import {colorWanted} from '../text/color.js';
import {sanitizeLine} from '../text/sanitize.js';
import {snippet} from '../text/snippet.js';
import {favourMemoryOverSpeed, giveBackFreedMemory, indexTimeYoung} from '../lean-heap.js';
import {embeddingsOf} from '../search/recall-runner.js';
import type {Io} from './context.js';
import {type Command, text} from './command.js';

export const recall: Command = {
	name: 'recall',
	summary: 'search every session in plain words: ranked, the best of each session first (alias: search)',
	usage: 'recall QUERY [--session NAME] [--since DATE] [--until DATE] [--before-drop] [--all-hits] [--limit N] [--json]',
	details:
		'A question works: words like "what", "we" and "the" need not match, and at least half of the others must (in any form: settle, settled, settling). ' +
		'--before-drop (or "before the drop" in the query) looks at the last messages before each time a link dropped; with no QUERY it lists them. ' +
		'Open a hit with tether attach NAME --at MESSAGE_ID.',
	options: {
		session: {type: 'string'},
		since: {type: 'string'},
		until: {type: 'string'},
		'before-drop': {type: 'boolean'},
		'all-hits': {type: 'boolean'},
		limit: {type: 'string'},
		json: {type: 'boolean'},
	},
	optionHelp: {
		session: 'search one session only',
		since: 'only messages from this date or time on (e.g. 2026-11-24 or 2026-11-24T10:00)',
		until: 'only messages up to this date (the whole day) or time',
		'before-drop': 'only the last messages before each link drop',
		'all-hits': 'one list of the best messages, however many from one session (default: the best 3 of each session)',
		limit: 'at most N hits (default 20)',
		json: 'print hits as JSON, with their text',
	},
	async run({positionals, values}, getContext) {
		const query = positionals.join(' ').trim();
		const beforeDrop = values['before-drop'] === true;
		if (query === '' && !beforeDrop) {
			throw new UsageError(`expected something to search for; usage: tether ${this.usage}`);
		}

		const limit = Number(text(values.limit) ?? 20);
		if (!Number.isInteger(limit) || limit < 1) {
			throw new UsageError(`--limit takes a whole number above 0, not ${text(values.limit)}`);
		}

		const since = parseTime('--since', text(values.since), false);
		const until = parseTime('--until', text(values.until), true);
		const context = getContext();
		const session = text(values.session);
		// A mistyped name would otherwise read as "nothing found" there.
		if (session !== undefined && !(await fileVersion(path.join(context.sessionsDir, `${fileStemOf(session)}.json`)))) {
			throw new SessionNotFound(session, []);
		}

		const embeddings = embeddingsFor(context.values);
		const report = buildReport(context.io);
		const skipped = ({file, code}: {file: string; code: string}) => context.io.stderr.write(`tether: skipped ${sanitizeLine(file)}: ${refusalReason(code)}\n`);
		let toldUnsaved = false;
		const unsaved = (code: string) => {
			if (!toldUnsaved) {
				toldUnsaved = true;
				context.io.stderr.write(`tether: the recall index could not be saved in ${sanitizeLine(context.sessionsDir)}: ${refusalReason(code)}; each query indexes every session again\n`);
			}
		};
		const {found, words, latest, damaged} = await recallQuery(context.sessionsDir, query, {
			...(session !== undefined && {session}),
			...(since !== undefined && {since}),
			...(until !== undefined && {until}),
			...(beforeDrop && {beforeDrop}),
			allHits: values['all-hits'] === true,
			limit,
			...report,
			skipped,
			unsaved,
			embeddings,
			note: line => context.io.stderr.write(`tether: ${sanitizeLine(line)}\n`),
		});
		const leftOut = leftOutText(damaged);
		if (leftOut !== undefined) {
			context.io.stderr.write(`tether: recall ${leftOut}\n`);
		}

		const {stdout} = context.io;
		if (values.json === true) {
			stdout.write(`${JSON.stringify(found, undefined, '\t')}\n`);
			return 0;
		}

		if (found.length === 0) {
			stdout.write(`${nothingFound(query, words)}\n`);
			return 1;
		}

		if (latest) {
			const none = words.length > 0 ? ` (none has ${words.map(({word}) => word).join(' or ')})` : '';
			stdout.write(`the last messages before each drop${none}:\n`);
		}

		const styled = colorWanted(context.io.env, stdout.isTTY);
		const mark = styled ? (match: string) => chalk.bold.yellow(match) : (match: string) => match;
		const width = Math.max(40, (stdout.columns ?? 120) - 4);
		for (const hit of found) {
			const where = `${hit.session} · ${minute(hit.at)} · ${hit.role === 'user' ? 'you' : hit.role} · ${hit.messageId}${hit.drop ? ` · before the drop at ${minute(hit.drop)}` : ''}`;
			stdout.write(`${styled ? chalk.cyan(where) : where}\n  ${snippet(hit.text, hit.terms, mark, width)}\n`);
		}

		return 0;
	},
};

export const search: Command = {...recall, name: 'search', summary: 'the same as recall'};

/** The least time between two progress lines, in ms: a line a second while a big index is built. */
const progressEvery = 1000;

/** From this many sessions, or bytes of session files, indexing takes seconds: long enough to say how far it is. */
const reportFrom = {sessions: 20, bytes: 32 * 1024 * 1024};

/**
 * Indexing many sessions at once (the first query) takes seconds: say so, and how far it is, rather than seem
 * stuck; and hold the heap to what is live meanwhile (V8 would let it grow to several times that: one session
 * of 50,000 messages peaked at 335 MB instead of 150).
 */
function buildReport(io: Io): Required<Pick<RecallOptions, 'indexing' | 'progress' | 'collect'>> {
	let started = 0;
	let said = 0;
	let reporting = false;
	return {
		indexing(sessions, bytes) {
			favourMemoryOverSpeed(indexTimeYoung);
			reporting = sessions >= reportFrom.sessions || bytes >= reportFrom.bytes;
			if (reporting) {
				started = performance.now();
				said = started;
				io.stderr.write(`indexing ${sessionCount(sessions)} for recall…\n`);
			}
		},
		progress({sessions, of, messages}) {
			const now = performance.now();
			if (!reporting || (sessions < of && now - said < progressEvery)) {
				return;
			}

			said = now;
			const elapsed = now - started;
			io.stderr.write(sessions < of ? `  ${progressText({sessions, of, messages}, elapsed)}\n` : `indexed ${sessionCount(of)}, ${messages.toLocaleString('en-US')} messages in ${(elapsed / 1000).toFixed(1)} s (${rate(messages, elapsed)})\n`);
		},
		collect() {
			// Tens of milliseconds each: worth it for a build of seconds, not for a few small sessions.
			if (reporting) {
				giveBackFreedMemory();
			}
		},
	};
}

/** The embeddings endpoint the config names, if any: recall then ranks by meaning too. */
function embeddingsFor(values: ConfigValues | undefined): EmbeddingsEndpoint | undefined {
	if (values?.['recall.embeddings_url'] !== undefined && values['recall.embeddings_model'] === undefined) {
		throw new UsageError('recall.embeddings_url is set but recall.embeddings_model is not: tether config set recall.embeddings_model NAME');
	}

	return embeddingsOf(values);
}

function sessionCount(sessions: number): string {
	return sessions === 1 ? '1 session' : `${sessions} sessions`;
}

function minute(at: string): string {
	return at.replace('T', ' ').slice(0, 16);
}

/** Why nothing was found, and a shorter query that would find something when there is one. */
function nothingFound(query: string, words: ReadonlyArray<{word: string; found: boolean}>): string {
	const head = `nothing found for ${JSON.stringify(query)}`;
	const present = words.filter(({found}) => found).map(({word}) => word);
	if (present.length > 0) {
		return `${head}: no message has most of its words; fewer words find more, e.g. tether recall "${present.join(' ')}"`;
	}

	return words.length > 1 ? `${head}: no message has any of ${words.map(({word}) => word).join(', ')}; try one word, or another` : head;
}

function parseTime(option: string, value: string | undefined, wholeDay: boolean): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const time = Date.parse(value);
	if (Number.isNaN(time)) {
		throw new UsageError(`${option} takes a date or time such as 2026-11-24 or 2026-11-24T10:00, not ${value}`);
	}

	// "--until 2026-11-24" means to the end of that day.
	return wholeDay && /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? time + 86_400_000 - 1 : time;
}
