import {describe, expect, it} from 'vitest';
import type {GatewayModel} from '../../../source/session/gateway-queries.js';
import {modelCommand} from '../../../source/ui/slash/model.js';
import {slashContext} from './context.js';

function gatewayWith(models: GatewayModel[]) {
	const set: string[] = [];
	return {
		set,
		session: {
			model: {model: 'm2'},
			models: async () => models,
			setModel: async (name: string) => (set.push(name), `openai/${name}`),
		},
	};
}

describe('/model', () => {
	it("lists the gateway's models with the session's marked", async () => {
		const {session} = gatewayWith([
			{id: 'm1', provider: 'openai', name: 'Model One'},
			{id: 'm2', provider: undefined, name: undefined},
		]);
		const heard = slashContext(session);
		await modelCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['  openai/m1 (Model One)\n● m2\n/model NAME switches']);
	});

	it('switches to the model named and says what the gateway set', async () => {
		const {session, set} = gatewayWith([]);
		const heard = slashContext(session);
		await modelCommand.run(' m1 ', heard.context);
		expect(set).toEqual(['m1']);
		expect(heard.flashes).toEqual(['model set to openai/m1']);
	});

	it('says so when the gateway lists none', async () => {
		const heard = slashContext(gatewayWith([]).session);
		await modelCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['the gateway lists no models']);
	});
});
