/** `tether recall QUERY` (alias `search`): ranked full-text search across all sessions. */
import chalk from 'chalk';
import {UsageError} from '../errors.js';
import {refusalReason} from '../store/errors.js';
import {recallMessages} from '../store/search-index.js';
import {sanitizeLine} from '../text/sanitize.js';
import {snippet} from '../text/snippet.js';
import type {Command} from './command.js';
import {text} from './command.js';

export const recall: Command = {
	name: 'recall',
	summary: 'search every session: ranked, with prefix and fuzzy matching (alias: search)',
	usage: 'recall QUERY [--session NAME] [--limit N] [--json]',
	details: 'Open a hit with tether attach NAME --at MESSAGE_ID.',
	options: {session: {type: 'string'}, limit: {type: 'string'}, json: {type: 'boolean'}},
	optionHelp: {session: 'search one session only', limit: 'at most N hits (default 20)', json: 'print hits as JSON, with their text'},
	async run({positionals, values}, getContext) {
		const query = positionals.join(' ').trim();
		if (query === '') {
			throw new UsageError(`expected something to search for; usage: tether ${this.usage}`);
		}

		const limit = Number(text(values.limit) ?? 20);
		if (!Number.isInteger(limit) || limit < 1) {
			throw new UsageError(`--limit takes a whole number above 0, not ${text(values.limit)}`);
		}

		const context = getContext();
		const session = text(values.session);
		// Indexing many sessions at once (the first query) takes seconds: say so rather than seem stuck.
		const indexing = (sessions: number) => sessions >= 20 && context.io.stderr.write(`indexing ${sessions} sessions for recall…\n`);
		const skipped = ({file, code}: {file: string; code: string}) => context.io.stderr.write(`tether: skipped ${sanitizeLine(file)}: ${refusalReason(code)}\n`);
		const hits = await recallMessages(context.sessionsDir, query, {...(session && {session}), limit, indexing, skipped});
		const {stdout} = context.io;
		if (values.json === true) {
			stdout.write(`${JSON.stringify(hits, undefined, '\t')}\n`);
			return 0;
		}

		if (hits.length === 0) {
			stdout.write(`nothing found for ${JSON.stringify(query)}\n`);
			return 1;
		}

		const styled = stdout.isTTY === true && !context.io.env.NO_COLOR;
		const mark = styled ? (match: string) => chalk.bold.yellow(match) : (match: string) => match;
		const width = Math.max(40, (stdout.columns ?? 120) - 4);
		for (const hit of hits) {
			const where = `${hit.session} · ${hit.at.replace('T', ' ').slice(0, 16)} · ${hit.role === 'user' ? 'you' : hit.role} · ${hit.messageId}`;
			stdout.write(`${styled ? chalk.cyan(where) : where}\n  ${snippet(hit.text, hit.terms, mark, width)}\n`);
		}

		return 0;
	},
};

export const search: Command = {...recall, name: 'search', summary: 'the same as recall'};
