import {describe, expect, it} from 'vitest';
import {offlineAgent} from '../../source/gateway/agents.js';
import {tempDir, testGateway, waitFor} from '../helpers.js';
import {connected, ok, runEnded} from './client.js';

describe('session.message events after sessions.messages.subscribe', () => {
	it('lists the method and its event in hello-ok, and accepts the tool-events cap the client sends', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await connected(gateway.url, ['tool-events']);
		const hello = client.frames.find(frame => frame.payload?.type === 'hello-ok')!.payload;
		expect(hello.features.methods).toEqual(expect.arrayContaining(['sessions.messages.subscribe', 'commands.list', 'models.list', 'agents.list', 'sessions.patch']));
		expect(hello.features.events).toEqual(expect.arrayContaining(['session.message', 'agent', 'chat']));
	});

	it('answers with the canonical key and shows a second connection the other client’s message live, then the reply', async () => {
		const gateway = await testGateway({dataDir: await tempDir(), agent: offlineAgent(1)});
		const watcher = await connected(gateway.url);
		const sender = await connected(gateway.url);
		expect(await ok(watcher, 'sessions.messages.subscribe', {key: 'shared'})).toEqual({subscribed: true, key: 'agent:main:shared'});

		await ok(sender, 'chat.send', {sessionKey: 'shared', message: 'from the other terminal', idempotencyKey: 'other-1'});
		await runEnded(watcher, 'other-1');
		await waitFor(() => watcher.events('session.message').length === 2, 'both rows arrive');
		const [user, reply] = watcher.events('session.message');
		expect(user).toMatchObject({
			sessionKey: 'agent:main:shared',
			agentId: 'main',
			message: {role: 'user', content: 'from the other terminal', idempotencyKey: 'other-1:user', __openclaw: {idempotencyKey: 'other-1:user', seq: 1}},
			messageSeq: 1,
			session: {key: 'agent:main:shared', model: 'echo', modelProvider: 'tether'},
		});
		expect(user.messageId).toBe(user.message.__openclaw.id);
		expect(reply).toMatchObject({message: {role: 'assistant', stopReason: 'stop', __openclaw: {runId: 'other-1', seq: 2}}, messageSeq: 2});

		// The history holds the same rows the events carried.
		const history = await ok(watcher, 'chat.history', {sessionKey: 'shared'});
		expect(history.messages).toEqual([user.message, reply.message]);
	});

	it('sends nothing to connections that did not subscribe, or subscribed to another session', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const elsewhere = await connected(gateway.url);
		const sender = await connected(gateway.url);
		await ok(elsewhere, 'sessions.messages.subscribe', {key: 'agent:main:other'});
		await ok(sender, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'k'});
		await runEnded(sender, 'k');
		await gateway.chat.idle();
		expect(elsewhere.events('session.message')).toEqual([]);
		expect(sender.events('session.message')).toEqual([]);
	});

	it('stops after sessions.messages.unsubscribe', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await connected(gateway.url);
		await ok(client, 'sessions.messages.subscribe', {key: 'main'});
		expect(await ok(client, 'sessions.messages.unsubscribe', {key: 'main'})).toEqual({subscribed: false, key: 'agent:main:main'});
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'k'});
		await runEnded(client, 'k');
		expect(client.events('session.message')).toEqual([]);
	});
});
