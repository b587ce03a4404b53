/** `tether export NAME`: Markdown with a header per turn, or the session file as JSON; stdout or a file. */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {hasErrorCode, TetherError, UsageError} from '../errors.js';
import {readSession} from '../store/session-store.js';
import {escapeJsonForTerminal, sanitize} from '../text/sanitize.js';
import {exportMarkdown} from '../text/transcript.js';
import {type Command, sessionName, text} from './command.js';

export const exportCommand: Command = {
	name: 'export',
	summary: 'export a session as Markdown or JSON',
	usage: 'export NAME [--format md|json] [-o FILE]',
	options: {format: {type: 'string', short: 'f'}, output: {type: 'string', short: 'o'}},
	optionHelp: {format: 'md (default) or json', output: 'write to FILE instead of stdout (- is stdout)'},
	async run({positionals, values}, getContext) {
		const name = sessionName(positionals, this.usage);
		const format = text(values.format) ?? 'md';
		if (format !== 'md' && format !== 'json') {
			throw new UsageError(`--format takes md or json, not ${format}`);
		}

		const context = getContext();
		const data = await readSession(context.sessionsDir, name);
		const body = format === 'json' ? `${JSON.stringify(data, undefined, '\t')}\n` : exportMarkdown(data, new Date());
		const file = text(values.output);
		if (file && file !== '-') {
			await writeFile(file, body, {mode: 0o600}).catch((error: unknown) => {
				if (hasErrorCode(error, 'ENOENT')) {
					throw new TetherError(`${data.name} was not exported: the folder ${path.dirname(path.resolve(file))} does not exist`);
				}

				throw error;
			});
			context.io.stderr.write(`exported ${data.name} to ${file}\n`);
		} else {
			// A file keeps the text as sent; a terminal gets it made safe (JSON escaped, so it still says the same).
			const safe = format === 'json' ? escapeJsonForTerminal(body) : sanitize(body);
			context.io.stdout.write(context.io.stdout.isTTY ? safe : body);
		}

		return 0;
	},
};
