import {writeExport} from '../../store/export-file.js';
import {exportMarkdown} from '../../text/transcript.js';
import type {SlashCommand} from './command.js';

export const exportCommand: SlashCommand = {
	name: 'export',
	description: 'write this session as Markdown to NAME-DATE.md here',
	readOnly: true,
	async run(_, {session, cwd, flash}) {
		const now = new Date();
		flash(`exported to ${await writeExport(cwd, session.name, exportMarkdown(await session.readWhole(), now), now)}`);
	},
};
