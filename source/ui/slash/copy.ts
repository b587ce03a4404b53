import {copiedNotice, replyToCopy} from '../clipboard.js';
import type {SlashCommand} from './command.js';

export const copyCommand: SlashCommand = {
	name: 'copy',
	args: '[N]',
	description: 'copy the last reply (or the Nth from the end)',
	run(args, {session, copyToClipboard, flash}) {
		const chosen = replyToCopy(session.messages, args);
		if ('problem' in chosen) {
			flash(chosen.problem);
			return;
		}

		copyToClipboard(chosen.message.text);
		flash(copiedNotice(chosen.message, Number(args.trim() || 1)));
	},
};
