import {listSessionNames} from '../../store/session-store.js';
import {nameArgument} from './arguments.js';
import type {SlashCommand} from './command.js';

export const renameCommand: SlashCommand = {
	name: 'rename',
	args: 'NEW',
	description: 'rename this session (it stays the same conversation on the gateway)',
	async run(args, {leave, sessionsDir, flash}) {
		const name = nameArgument(args, '/rename NEW', flash);
		if (name !== undefined && (await listSessionNames(sessionsDir)).includes(name)) {
			flash(`session ${name} already exists`);
		} else if (name !== undefined) {
			leave({kind: 'rename', to: name});
		}
	},
};
