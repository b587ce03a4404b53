/** `tether show NAME`: the saved transcript, without connecting. */
import {UsageError} from '../errors.js';
import {readSession} from '../store/session-store.js';
import {clock, roleLabel, statusLabel} from '../text/format.js';
import {sanitize} from '../text/sanitize.js';
import type {Command} from './command.js';
import {text} from './command.js';

export const show: Command = {
	name: 'show',
	summary: 'print a saved transcript (no connection needed)',
	usage: 'show NAME [--json] [--last N]',
	options: {json: {type: 'boolean'}, last: {type: 'string'}},
	optionHelp: {json: 'print the session file as JSON', last: 'only the last N messages'},
	async run({positionals, values}, getContext) {
		const [name] = positionals;
		if (!name || positionals.length > 1) {
			throw new UsageError(`expected one session name; usage: tether ${this.usage}`);
		}

		const last = text(values.last);
		const count = last === undefined ? undefined : Number(last);
		if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
			throw new UsageError(`--last takes a whole number above 0, not ${last}`);
		}

		const context = getContext();
		const data = await readSession(context.sessionsDir, name);
		const messages = count === undefined ? data.messages : data.messages.slice(-count);
		if (values.json === true) {
			context.io.stdout.write(`${JSON.stringify({...data, messages}, undefined, '\t')}\n`);
			return 0;
		}

		const lines = [`# ${sanitize(data.name)} · ${data.messages.length} messages · created ${data.createdAt}`];
		for (const message of messages) {
			const status = statusLabel(message);
			lines.push('', `${roleLabel(message)} · ${clock(message.at)}${status ? ` · ${status}` : ''}`, sanitize(message.text));
		}

		context.io.stdout.write(`${lines.join('\n')}\n`);
		return 0;
	},
};
