import {leftOutText} from '../../search/progress.js';
import {snippet} from '../../text/snippet.js';
import type {SlashCommand} from './command.js';

export const recallCommand: SlashCommand = {
	name: 'recall',
	args: 'QUERY',
	description: 'search every session; /switch NAME opens one',
	readOnly: true,
	async run(args, {recall, flash}) {
		if (args.trim() === '') {
			flash('usage: /recall QUERY');
			return;
		}

		// Off the render path: typing goes on while a first query indexes, and its progress shows here.
		flash(`searching for ${args}…`);
		const {found, damaged} = await recall(args, 5, line => flash(`indexing for /recall: ${line}`));
		const line = (hit: (typeof found)[number]) => `${hit.session} · ${hit.at.slice(0, 16).replace('T', ' ')}: ${snippet(hit.text, hit.terms, match => match, 70)}`;
		const leftOut = leftOutText(damaged);
		flash([...(found.length === 0 ? [`nothing found for ${args}`] : found.map(line)), ...(leftOut === undefined ? [] : [leftOut])].join('\n'));
	},
};
