import {nameArgument} from './arguments.js';
import type {SlashCommand} from './command.js';

export const switchCommand: SlashCommand = {
	name: 'switch',
	args: 'NAME [-d|-r]',
	description: 'attach another session (-d takes it over from another terminal, -r watches it read-only)',
	readOnly: true,
	async run(args, {leave, cannotOpen, heldElsewhere, flash}) {
		const words = args.trim().split(/\s+/);
		const how = words.includes('-d') || words.includes('--take-over') ? 'take-over' : (words.includes('-r') || words.includes('--read-only') ? 'read-only' : undefined);
		const name = nameArgument(words.filter(word => !word.startsWith('-')).join(' '), '/switch NAME [-d|-r]', flash);
		if (name === undefined) {
			return;
		}

		// A session open elsewhere is not opened (it would be refused): say so, stay here, and say how to take it.
		const problem = (await cannotOpen(name)) ?? (how ? undefined : await heldElsewhere(name));
		if (problem === undefined) {
			leave({kind: 'switch', name, create: false, ...(how && {how})});
		} else {
			flash(problem);
		}
	},
};
