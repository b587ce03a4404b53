import type {SlashCommand} from './command.js';

export const sessionsCommand: SlashCommand = {
	name: 'sessions',
	description: 'browse sessions (filter, preview, attach)',
	readOnly: true,
	run: (_, context) => context.leave({kind: 'browse'}),
};
