import type {SlashCommand} from './command.js';

export const editCommand: SlashCommand = {name: 'edit', args: '[TEXT]', description: 'write the message in your editor', run: (args, {editDraft}) => editDraft(args)};
