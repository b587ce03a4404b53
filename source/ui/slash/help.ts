import type {SlashCommand} from './command.js';

export const helpCommand: SlashCommand = {name: 'help', description: 'show keys and commands', readOnly: true, run: (_, context) => context.showHelp()};
