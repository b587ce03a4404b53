import {describe, expect, it} from 'vitest';
import {offlineAgent} from '../../source/gateway/agents.js';
import {WebSocket} from 'ws';
import {onCleanup, tempDir, testGateway, testToken, waitFor} from '../helpers.js';
import {connected, connectParams, rawClient} from './client.js';

describe('the embedded gateway speaks the OpenClaw protocol subset', () => {
	it('sends connect.challenge first and answers connect with hello-ok', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await rawClient(gateway.url);
		expect(client.frames[0]).toMatchObject({type: 'event', event: 'connect.challenge', payload: {nonce: expect.any(String), ts: expect.any(Number)}});
		const hello = await client.request('connect', connectParams());
		expect(hello.payload).toMatchObject({
			server: {version: expect.any(String), connId: expect.any(String)},
			features: {methods: expect.arrayContaining(['chat.send', 'chat.history', 'chat.abort', 'sessions.list'])},
			snapshot: {sessionDefaults: {mainSessionKey: 'agent:main:main'}},
			auth: {role: 'operator', scopes: ['operator.read', 'operator.write']},
			policy: {tickIntervalMs: expect.any(Number), maxPayload: expect.any(Number)},
		});
	});

	it.each([
		['a wrong token', connectParams('nope'), 'AUTH_TOKEN_MISMATCH', 1008],
		['protocol 3', connectParams(testToken, 3), 'PROTOCOL_MISMATCH', 1002],
	])('refuses %s with its code and closes', async (_what, params, code, closeCode) => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await rawClient(gateway.url);
		const answer = await client.request('connect', params);
		expect(answer).toMatchObject({ok: false, error: {details: {code}}});
		await waitFor(() => client.closed() !== undefined, 'the socket closes');
		expect(client.closed()?.code).toBe(closeCode);
	});

	it.each([['a web page', 'https://evil.example'], ['a sandboxed frame', 'null'], ['a local page', 'http://127.0.0.1:8080']])(
		'refuses a WebSocket upgrade from %s (an Origin header) outright, before any handshake',
		async (_what, origin) => {
			const gateway = await testGateway({dataDir: await tempDir()});
			const socket = new WebSocket(gateway.url, {origin});
			onCleanup(() => socket.terminate());
			const frames: string[] = [];
			socket.on('message', data => frames.push(data.toString()));
			const status = await new Promise<number | undefined>(resolve => {
				socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
				socket.once('open', () => resolve(undefined));
				socket.once('error', () => resolve(-1));
			});
			expect(status).toBe(403);
			expect(frames).toEqual([]);
		},
	);

	it('rejects unknown connect fields as a real gateway does', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await rawClient(gateway.url);
		const answer = await client.request('connect', {...connectParams(), foo: 1});
		expect(answer).toMatchObject({ok: false, error: {code: 'INVALID_REQUEST'}});
	});

	it('closes a connection whose first frame is not JSON', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await rawClient(gateway.url);
		client.socket.send('not json');
		await waitFor(() => client.closed() !== undefined, 'the socket closes');
		expect(client.closed()?.code).toBe(1008);
	});

	it('runs chat.send once per idempotency key and streams chat events with per-connection seq', async () => {
		const gateway = await testGateway({dataDir: await tempDir(), agent: offlineAgent(5)});
		const client = await connected(gateway.url);
		const params = {sessionKey: 'main', message: 'hi', idempotencyKey: 'run-1'};
		expect((await client.request('chat.send', params)).payload).toEqual({runId: 'run-1', status: 'started'});
		expect((await client.request('chat.send', params)).payload).toEqual({runId: 'run-1', status: 'in_flight'});
		await waitFor(() => client.frames.some(frame => frame.payload?.state === 'final'), 'the run ends');
		expect((await client.request('chat.send', params)).payload).toEqual({runId: 'run-1', status: 'ok'});

		const events = client.frames.filter(frame => frame.event === 'chat');
		expect(events[0]?.payload).toMatchObject({runId: 'run-1', sessionKey: 'agent:main:main', state: 'status'});
		expect(events.at(-1)?.payload).toMatchObject({state: 'final', message: {role: 'assistant', content: [{type: 'text'}]}});
		const seqs = client.frames.filter(frame => frame.seq !== undefined).map(frame => frame.seq!);
		expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));

		const history = (await client.request('chat.history', {sessionKey: 'main'})).payload;
		expect(history.messages.map((row: {role: string}) => row.role)).toEqual(['user', 'assistant']);
		expect(history.messages[0]).toMatchObject({content: 'hi', __openclaw: {idempotencyKey: 'run-1:user', seq: 1}});
		expect(history.messages[1]).toMatchObject({__openclaw: {runId: 'run-1', seq: 2}});
	});

	it('pages history backwards from the tail', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await connected(gateway.url);
		for (const key of ['a', 'b']) {
			await client.request('chat.send', {sessionKey: 'main', message: key, idempotencyKey: key});
		}

		await gateway.chat.idle();
		const tail = (await client.request('chat.history', {sessionKey: 'main', limit: 1})).payload;
		expect(tail).toMatchObject({hasMore: true, nextOffset: 1});
		const before = (await client.request('chat.history', {sessionKey: 'main', limit: 1, offset: 1})).payload;
		expect(before.messages[0].content).toBe('b');
	});

	it('aborts a running reply, keeping the partial text, and treats an idle abort as no error', async () => {
		const gateway = await testGateway({dataDir: await tempDir(), agent: offlineAgent(20)});
		const client = await connected(gateway.url);
		await client.request('chat.send', {sessionKey: 'main', message: 'stop me', idempotencyKey: 'r'});
		await waitFor(() => client.frames.some(frame => frame.payload?.state === 'delta'), 'the reply streams');
		expect((await client.request('chat.abort', {sessionKey: 'main', runId: 'r'})).payload).toEqual({ok: true, aborted: true, runIds: ['r']});
		await waitFor(() => client.frames.some(frame => frame.payload?.state === 'aborted'), 'the run reports aborted');
		expect((await client.request('chat.abort', {sessionKey: 'main'})).payload).toEqual({ok: true, aborted: false, runIds: []});
		const history = (await client.request('chat.history', {sessionKey: 'main'})).payload;
		expect(history.messages.at(-1).content[0].text.length).toBeGreaterThan(0);
	});

	it('lists sessions and answers an unknown method as a real gateway does', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await connected(gateway.url);
		await client.request('chat.send', {sessionKey: 'work', message: 'x', idempotencyKey: 'w'});
		const list = (await client.request('sessions.list', {})).payload;
		expect(list.sessions[0]).toMatchObject({key: 'agent:main:work', lastMessagePreview: 'x'});
		expect(await client.request('sessions.delete', {key: 'x'})).toMatchObject({ok: false, error: {code: 'FORBIDDEN'}});
	});

	it('keeps history across a restart and finishes a run the stop interrupted', async () => {
		const dataDir = await tempDir();
		let gateway = await testGateway({dataDir, agent: offlineAgent(30)});
		const client = await connected(gateway.url);
		await client.request('chat.send', {sessionKey: 'main', message: 'survive', idempotencyKey: 's'});
		await gateway.close();
		gateway = await testGateway({dataDir});
		await gateway.chat.idle();
		const rows = gateway.chat.chatHistory('main').messages;
		expect(rows.map(row => row.role)).toEqual(['user', 'assistant']);
	});
});
