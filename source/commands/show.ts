/** `tether show NAME`: the saved transcript, without connecting. */
import {TetherError, UsageError} from '../errors.js';
import {SessionInTrash, SessionNotFound} from '../store/errors.js';
import {readSessionEnd} from '../store/session-store.js';
import {colorWanted} from '../text/color.js';
import {escapeJsonForTerminal} from '../text/sanitize.js';
import {printTranscript} from '../text/transcript.js';
import {type Command, sessionName, text} from './command.js';
import type {Context} from './context.js';

export const show: Command = {
	name: 'show',
	summary: 'print a saved transcript (no connection needed)',
	usage: 'show NAME [--json] [--since DATE] [--last N] [--details]',
	details: 'Replies are rendered as markdown on a terminal, through $TETHER_PAGER or $PAGER (less) when longer than the screen, and printed plain when piped. A tool call is one line, thinking one line; --details shows their arguments, output and text.',
	options: {json: {type: 'boolean'}, since: {type: 'string'}, last: {type: 'string'}, details: {type: 'boolean'}},
	optionHelp: {json: 'print the session file as JSON', details: 'tool arguments and output, and thinking, in full', since: 'only messages from this date or time on (e.g. 2026-11-24 or 2026-11-24T10:00)', last: 'only the last N messages'},
	async run({positionals, values}, getContext) {
		const name = sessionName(positionals, this.usage);

		const since = parseSince(text(values.since));
		const last = parseCount(text(values.last));
		const context = getContext();
		// The last N messages since a date are among the last N: only those are parsed.
		const {data, total} = await readSessionEnd(context.sessionsDir, name, last).catch(async (error: unknown) => {
			throw error instanceof SessionNotFound && !(error instanceof SessionInTrash) ? await onlyOnGateway(context, name, error) : error;
		});
		const messages = data.messages.filter(message => since === undefined || Date.parse(message.at) >= since).slice(-(last ?? 0) || undefined);
		const {stdout} = context.io;
		if (values.json === true) {
			const json = `${JSON.stringify({...data, messages}, undefined, '\t')}\n`;
			stdout.write(stdout.isTTY ? escapeJsonForTerminal(json) : json);
			return 0;
		}

		// Markdown rendering (marked, highlight.js) is loaded only for styled output: piped, show starts faster.
		const look = colorWanted(context.io.env, stdout.isTTY) ? {styled: true as const, renderMarkdown: (await import('../text/markdown.js')).renderMarkdown} : {styled: false as const};
		const transcript = printTranscript(data, messages, {...look, total, width: Math.min(stdout.columns ?? 100, 120), details: values.details === true});
		if (stdout.isTTY === true && transcript.split('\n').length > (stdout.rows ?? 24)) {
			const {page} = await import('./pager.js');
			if (await page(transcript, context.io.env)) {
				return 0;
			}
		}

		stdout.write(transcript);
		return 0;
	},
};

function parseSince(value: string | undefined): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const time = Date.parse(value);
	if (Number.isNaN(time)) {
		throw new UsageError(`--since takes a date or time such as 2026-11-24 or 2026-11-24T10:00, not ${value}`);
	}

	return time;
}

function parseCount(value: string | undefined): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const count = Number(value);
	if (!Number.isInteger(count) || count < 1) {
		throw new UsageError(`--last takes a whole number above 0, not ${value}`);
	}

	return count;
}

/** A session the gateway has and this machine does not is shown once attached: say so rather than "create it". */
async function onlyOnGateway(context: Context, name: string, notFound: SessionNotFound): Promise<Error> {
	const {gatewaySessions} = await import('../session/gateway-sessions.js');
	const remote = (await gatewaySessions(context))?.some(session => session.name === name);
	return remote ? new TetherError(`session ${name} is on the gateway but not saved here; tether attach ${name} saves it and opens it`) : notFound;
}
