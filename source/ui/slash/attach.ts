import {describeAttachment} from '../../session/attachment-file.js';
import {pathAndRest} from './arguments.js';
import type {SlashCommand} from './command.js';

export const attachCommand: SlashCommand = {
	name: 'attach',
	args: 'PATH [MESSAGE]',
	description: 'send a file (quote a path with spaces) with a message',
	async run(args, {session, cwd, flash}) {
		const parsed = pathAndRest(args.trim());
		if (!parsed) {
			flash('usage: /attach PATH [MESSAGE]');
			return;
		}

		const attachment = await describeAttachment(parsed.path, cwd, session.maxAttachmentBytes);
		await session.send(parsed.rest || `(attached ${attachment.fileName})`, [attachment]);
	},
};
