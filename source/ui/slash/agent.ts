import {sessionKeyOf, splitSessionKey} from '../../protocol/session-key.js';
import type {SlashCommand} from './command.js';

export const agentCommand: SlashCommand = {
	name: 'agent',
	args: '[ID]',
	description: "the gateway's agents; /agent ID opens this session's name with that agent",
	async run(args, {session, leave, cannotOpen, flash}) {
		const wanted = args.trim();
		const {defaultId, ids} = await session.agents();
		const current = splitSessionKey(session.sessionKey)?.agentId ?? defaultId;
		if (wanted === '') {
			flash([...ids.map(id => `${id === current ? '● ' : '  '}${id}${id === defaultId ? ' (default)' : ''}`), '/agent ID switches'].join('\n'));
			return;
		}

		if (!ids.includes(wanted)) {
			flash(`no agent ${wanted}; the gateway has ${ids.join(', ')}`);
			return;
		}

		const name = sessionKeyOf(wanted, splitSessionKey(session.sessionKey)?.rest ?? session.name);
		leave({kind: 'switch', name, create: (await cannotOpen(name)) !== undefined});
	},
};
