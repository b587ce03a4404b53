import type {SlashCommand} from './command.js';

export const modelCommand: SlashCommand = {
	name: 'model',
	args: '[NAME]',
	description: "the gateway's models; /model NAME switches this session to one",
	async run(args, {session, flash}) {
		const wanted = args.trim();
		if (wanted !== '') {
			flash(`model set to ${await session.setModel(wanted)}`);
			return;
		}

		const current = session.model.model;
		const models = await session.models();
		const line = (model: (typeof models)[number]) => {
			const name = model.provider ? `${model.provider}/${model.id}` : model.id;
			return `${model.id === current ? '● ' : '  '}${name}${model.name && model.name !== model.id ? ` (${model.name})` : ''}`;
		};

		flash(models.length === 0 ? 'the gateway lists no models' : [...models.map(line), '/model NAME switches'].join('\n'));
	},
};
