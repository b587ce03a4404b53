/** `tether browse`: the interactive session browser; Enter attaches the highlighted session. */
import {UsageError} from '../errors.js';
import type {Command} from './command.js';
import {openSession} from './open-session.js';

export const browse: Command = {
	name: 'browse',
	summary: 'browse sessions: filter, preview, attach, rename, archive, delete, export',
	usage: 'browse',
	async run({positionals}, getContext) {
		if (positionals.length > 0) {
			throw new UsageError(`browse takes no arguments; usage: tether ${this.usage}`);
		}

		const context = getContext();
		if (!context.io.stdin.isTTY || !context.io.stdout.isTTY) {
			throw new UsageError('browse needs a terminal; tether ls lists sessions');
		}

		const [{favourMemoryOverSpeed}, {runBrowser}] = await Promise.all([import('../lean-heap.js'), import('../ui/run-browser.js')]);
		favourMemoryOverSpeed();
		const chosen = await runBrowser(context);
		return chosen === undefined ? 0 : openSession(context, chosen.name, 'attach', {takeOver: chosen.how === 'take-over', readOnly: chosen.how === 'read-only'});
	},
};
