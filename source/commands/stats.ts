/** `tether stats NAME`: drops, longest downtime and median reconnect time, from the session's link record. */
import {outbox} from '../session/transcript.js';
import {formatDuration} from '../session/notices.js';
import {linkStats} from '../session/stats.js';
import {readSession} from '../store/session-store.js';
import {sanitizeLine} from '../text/sanitize.js';
import {type Command, sessionName} from './command.js';

export const stats: Command = {
	name: 'stats',
	summary: 'how the link behaved for a session: drops, longest downtime, median reconnect time',
	usage: 'stats NAME [--json]',
	options: {json: {type: 'boolean'}},
	optionHelp: {json: 'print the figures as JSON'},
	async run({positionals, values}, getContext) {
		const name = sessionName(positionals, this.usage);
		const context = getContext();
		const data = await readSession(context.sessionsDir, name);
		const figures = {messages: data.messages.length, queued: outbox(data.messages).length, ...linkStats(data.events)};
		if (values.json === true) {
			context.io.stdout.write(`${JSON.stringify(figures, undefined, '\t')}\n`);
			return 0;
		}

		const duration = (ms: number | undefined) => (ms === undefined ? '–' : formatDuration(ms));
		const last = figures.lastDrop;
		const rows = [
			['messages', `${figures.messages}${figures.queued > 0 ? ` (${figures.queued} queued)` : ''}`],
			['drops', String(figures.drops)],
			['reconnects', String(figures.reconnects)],
			['longest downtime', duration(figures.longestDowntimeMs)],
			['median reconnect', duration(figures.medianReconnectMs)],
			['last drop', last ? `${last.at}${last.reason ? ` (${sanitizeLine(last.reason)})` : ''}` : '–'],
		];
		context.io.stdout.write(`${sanitizeLine(data.name)}\n${rows.map(([label, value]) => `  ${label!.padEnd(18)}${value}`).join('\n')}\n`);
		return 0;
	},
};
