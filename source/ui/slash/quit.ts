import type {SlashCommand} from './command.js';

export const quitCommand: SlashCommand = {
	name: 'quit',
	description: 'detach (everything is saved; tether attach NAME to come back)',
	readOnly: true,
	run: (_, context) => context.quit(),
};
