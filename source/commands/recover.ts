/** `tether recover NAME`: sets a damaged session file aside and restores the last good copy. */
import {listSessionNames} from '../store/session-store.js';
import {recoverSession} from '../store/recover.js';
import {SessionNotFound} from '../store/errors.js';
import {closeNames} from '../store/names.js';
import {type Command, sessionName} from './command.js';

export const recover: Command = {
	name: 'recover',
	summary: 'set a damaged session file aside and restore its last good copy',
	usage: 'recover NAME',
	details:
		'The damaged file is kept as NAME.json.corrupt-<time>, never deleted. The session is restored from\n' +
		'NAME.json.bak when that is good; otherwise it starts empty and refills from the gateway on the next attach.\n' +
		'A damaged journal (NAME.json.journal) beside a good file is kept aside, and what of it reads is applied.',
	async run({positionals}, getContext) {
		const name = sessionName(positionals, this.usage);
		const context = getContext();
		const names = await listSessionNames(context.sessionsDir);
		if (!names.includes(name)) {
			throw new SessionNotFound(name, closeNames(name, names));
		}

		const result = await recoverSession(context.sessionsDir, name);
		const out = context.io.stdout;
		switch (result.kind) {
			case 'healthy': {
				out.write(`session ${name} is fine; nothing to recover\n`);
				break;
			}

			case 'restored': {
				out.write(`restored ${name} from its last good copy (${result.messages} messages); the damaged file is kept as ${result.keptAs}\n`);
				break;
			}

			case 'salvaged': {
				const dropped = result.dropped > 0 ? `, ${result.dropped} left out as unreadable or another session's` : '';
				out.write(`salvaged ${name}: ${result.applied} journal ${result.applied === 1 ? 'change' : 'changes'} applied${dropped}; the damaged journal is kept as ${result.keptAs}\n`);
				break;
			}

			case 'fresh': {
				out.write(`${name} starts empty and refills from the gateway's history when you attach; the damaged file is kept as ${result.keptAs}\n`);
				break;
			}
		}

		return 0;
	},
};
