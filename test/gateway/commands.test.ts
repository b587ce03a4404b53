import {describe, expect, it} from 'vitest';
import type {Agent, AgentTurn} from '../../source/gateway/agents.js';
import {version} from '../../source/version.js';
import {tempDir, testGateway} from '../helpers.js';
import {connected, ok, runEnded} from './client.js';

/** An agent that answers `agent: <message>` and records every conversation it was given. */
function spyAgent() {
	const calls: Array<readonly AgentTurn[]> = [];
	const agent: Agent = {
		name: 'spy',
		async *reply(history) {
			calls.push(history);
			yield `agent: ${history.at(-1)?.text ?? ''}`;
		},
	};
	return {agent, calls};
}

describe('slash commands the embedded gateway answers itself', () => {
	it('lists them in commands.list, shaped as a real gateway’s entries', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await connected(gateway.url);
		const {commands} = await ok(client, 'commands.list', {scope: 'text', includeArgs: false});
		expect(commands.map((command: {name: string}) => command.name)).toEqual(['help', 'status']);
		expect(commands[1]).toEqual({
			name: 'status',
			nativeName: 'status',
			textAliases: ['/status'],
			description: expect.any(String),
			category: 'status',
			source: 'native',
			scope: 'both',
			acceptsArgs: false,
		});
	});

	it('answers /status without running the agent: one final event, then a user row and an injected reply row', async () => {
		const {agent, calls} = spyAgent();
		const gateway = await testGateway({dataDir: await tempDir(), agent});
		const client = await connected(gateway.url);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hello', idempotencyKey: 'first'});
		await runEnded(client, 'first');
		expect(await ok(client, 'chat.send', {sessionKey: 'main', message: '/status', idempotencyKey: 'st'})).toEqual({runId: 'st', status: 'started'});
		await runEnded(client, 'st');

		const events = client.events('chat').filter(event => event.runId === 'st');
		expect(events).toEqual([
			{runId: 'st', sessionKey: 'agent:main:main', seq: 1, state: 'final', message: expect.objectContaining({role: 'assistant', content: [{type: 'text', text: expect.any(String)}]})},
		]);
		const text: string = events[0].message.content[0].text;
		expect(text).toContain(version);
		expect(text).toContain('tether/spy');
		expect(text).toContain('agent:main:main');
		expect(text).toContain('2 messages');
		expect(calls).toHaveLength(1);

		const rows = (await ok(client, 'chat.history', {sessionKey: 'main'})).messages.slice(2);
		expect(rows[0]).toMatchObject({role: 'user', content: '/status', idempotencyKey: 'st:user', __openclaw: {idempotencyKey: 'st:user'}});
		expect(rows[1]).toMatchObject({role: 'assistant', provider: 'openclaw', model: 'gateway-injected', stopReason: 'stop', idempotencyKey: 'st', __openclaw: {idempotencyKey: 'st'}});
		expect(rows[1].__openclaw.runId).toBeUndefined();
		expect(rows[1].content).toEqual(events[0].message.content);
	});

	it('answers /help with the commands, and keeps commands and answers out of the agent’s context', async () => {
		const {agent, calls} = spyAgent();
		const gateway = await testGateway({dataDir: await tempDir(), agent});
		const client = await connected(gateway.url);
		await ok(client, 'chat.send', {sessionKey: 'main', message: ' /HELP ', idempotencyKey: 'h'});
		await runEnded(client, 'h');
		expect(client.events('chat')[0].message.content[0].text).toMatch(/\/help — .*\n\/status — /);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'next', idempotencyKey: 'n'});
		await runEnded(client, 'n');
		expect(calls).toEqual([[{role: 'user', text: 'next'}]]);
	});

	it.each([
		['an unknown command', '/etc/hosts looks wrong', {}],
		['a command with words after it', '/status please', {}],
		['a command sent literally', '/status', {suppressCommandInterpretation: true}],
	])('sends %s to the agent as an ordinary message', async (_what, message, extra) => {
		const {agent, calls} = spyAgent();
		const gateway = await testGateway({dataDir: await tempDir(), agent});
		const client = await connected(gateway.url);
		await ok(client, 'chat.send', {sessionKey: 'main', message, idempotencyKey: 'x', ...extra});
		await runEnded(client, 'x');
		expect(calls).toEqual([[{role: 'user', text: message}]]);
		expect(client.events('chat').at(-1)).toMatchObject({state: 'final', agentId: 'main'});
	});

	it('does not answer or run a command again after a restart', async () => {
		const dataDir = await tempDir();
		const {agent, calls} = spyAgent();
		let gateway = await testGateway({dataDir, agent});
		const client = await connected(gateway.url);
		await ok(client, 'chat.send', {sessionKey: 'main', message: '/status', idempotencyKey: 's'});
		await runEnded(client, 's');
		await gateway.close();
		gateway = await testGateway({dataDir, agent});
		await gateway.chat.idle();
		expect(gateway.chat.chatHistory('main').messages.map(row => row.role)).toEqual(['user', 'assistant']);
		expect(calls).toEqual([]);
	});
});
