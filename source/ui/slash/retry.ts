import {lastFailedTurn} from '../../session/transcript.js';
import {sanitizeLine} from '../../text/sanitize.js';
import {fitColumns} from '../../text/width.js';
import type {SlashCommand} from './command.js';

export const retryCommand: SlashCommand = {
	name: 'retry',
	description: 'run the last turn again if its reply failed; re-send messages the gateway refused; reconnect now if the link is down',
	async run(_, {session, flash}) {
		const refused = session.messages.filter(m => m.role === 'user' && m.status === 'failed');
		for (const message of refused) {
			session.retry(message.id);
		}

		session.link.retryNow();
		const failed = refused.length === 0 ? lastFailedTurn(session.messages) : undefined;
		if (failed) {
			await session.rerun(failed.id);
			flash(fitColumns(`running it again: ${sanitizeLine(failed.text).replaceAll(/\s+/g, ' ')}`, 80));
			return;
		}

		flash(refused.length > 0 ? `re-sending ${refused.length} message(s)` : 'nothing to re-send');
	},
};
