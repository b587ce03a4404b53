import type {SlashCommand} from './command.js';

export const clearCommand: SlashCommand = {
	name: 'clear',
	description: 'clear the screen (the session file keeps everything)',
	readOnly: true,
	run: (_, context) => context.clearScreen(),
};
