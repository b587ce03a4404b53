import {listSessionNames} from '../../store/session-store.js';
import {nameArgument} from './arguments.js';
import type {SlashCommand} from './command.js';

export const newCommand: SlashCommand = {
	name: 'new',
	args: 'NAME',
	description: 'create a session and attach it',
	readOnly: true,
	async run(args, {leave, sessionsDir, flash}) {
		const name = nameArgument(args, '/new NAME', flash);
		if (name !== undefined && (await listSessionNames(sessionsDir)).includes(name)) {
			flash(`session ${name} already exists; /switch ${name} opens it`);
		} else if (name !== undefined) {
			leave({kind: 'switch', name, create: true});
		}
	},
};
