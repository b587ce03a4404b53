import {describe, expect, it} from 'vitest';
import {agentCommand} from '../../../source/ui/slash/agent.js';
import {slashContext} from './context.js';

const session = {name: 'notes', sessionKey: 'agent:main:notes', agents: async () => ({defaultId: 'main', ids: ['main', 'ops']})};

describe('/agent', () => {
	it("lists the gateway's agents, this session's marked and the default named", async () => {
		const heard = slashContext(session);
		await agentCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['● main (default)\n  ops\n/agent ID switches']);
	});

	it("opens this session's name with the agent named, creating it when it does not exist", async () => {
		const heard = slashContext(session, {cannotOpen: async name => `no session ${name}`});
		await agentCommand.run('ops', heard.context);
		expect(heard.left).toEqual([{kind: 'switch', name: 'agent:ops:notes', create: true}]);
	});

	it('names the agents there are when the one asked for is not', async () => {
		const heard = slashContext(session);
		await agentCommand.run('nobody', heard.context);
		expect(heard.flashes).toEqual(['no agent nobody; the gateway has main, ops']);
		expect(heard.left).toEqual([]);
	});
});
