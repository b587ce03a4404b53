import {formatDuration} from '../../session/notices.js';
import type {SlashCommand} from './command.js';

export const statusCommand: SlashCommand = {
	name: 'status',
	description: 'link details: gateway, latency, drops this session, last error',
	readOnly: true,
	run(_, {session, gateway, report}) {
		const drops = session.data.events.filter(event => event.type === 'disconnected');
		const state = session.link.state;
		const lastError = 'lastError' in state ? state.lastError : drops.at(-1)?.reason;
		const up = state.kind === 'open' ? `up for ${formatDuration(Date.now() - state.since)}` : state.kind;
		const latency = session.link.latencyMs === undefined ? '' : ` · ${session.link.latencyMs} ms`;
		report(`${gateway} · ${up}${latency} · ${drops.length} drop(s) in this session${lastError ? ` · last error: ${lastError}` : ''}`);
	},
};
