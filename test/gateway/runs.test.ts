import {createServer} from 'node:net';
import {describe, expect, it} from 'vitest';
import {defaultRetryPolicy, offlineAgent, openAiAgent, retryDelay, type Sleep} from '../../source/gateway/agents.js';
import {tempDir, testGateway} from '../helpers.js';
import {connected, ok, runEnded, type RawClient} from './client.js';
import {fakeOpenAi, type FakeAnswer} from './fake-openai.js';

/** The run's chat and agent events in order, reduced to what the assertions compare. */
function runEvents(client: RawClient, runId: string) {
	return client.frames
		.filter(frame => (frame.event === 'chat' || frame.event === 'agent') && frame.payload.runId === runId)
		.map(frame => (frame.event === 'chat' ? {chat: frame.payload.state, seq: frame.payload.seq, ...(frame.payload.phase && {phase: frame.payload.phase})} : {agent: frame.payload.stream, seq: frame.payload.seq, phase: frame.payload.data.phase}));
}

/** A gateway whose agent talks to a scripted upstream; its backoff waits are recorded, not waited. */
async function gatewayWithUpstream(answers: FakeAnswer[]) {
	const upstream = await fakeOpenAi(answers);
	const waits: number[] = [];
	const sleep: Sleep = async ms => {
		waits.push(ms);
	};
	const gateway = await testGateway({dataDir: await tempDir(), agent: openAiAgent({baseUrl: upstream.baseUrl, model: 'm1', sleep})});
	const client = await connected(gateway.url);
	return {gateway, client, upstream, waits};
}

describe('the events around a run, as a real gateway sends them', () => {
	it('sends preparing_context, lifecycle start and starting_model before the first delta, and lifecycle end before final', async () => {
		const gateway = await testGateway({dataDir: await tempDir(), agent: offlineAgent(1)});
		const client = await connected(gateway.url);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'r'});
		await runEnded(client, 'r');
		const events = runEvents(client, 'r');
		expect(events.slice(0, 6)).toEqual([
			{chat: 'status', seq: 1, phase: 'preparing_context'},
			{agent: 'run_status', seq: 1, phase: 'preparing_context'},
			{agent: 'lifecycle', seq: 2, phase: 'start'},
			{chat: 'status', seq: 3, phase: 'starting_model'},
			{agent: 'run_status', seq: 3, phase: 'starting_model'},
			{chat: 'delta', seq: 4},
		]);
		expect(events.slice(-2)).toEqual([
			{agent: 'lifecycle', seq: events.at(-2)!.seq, phase: 'end'},
			{chat: 'final', seq: events.at(-2)!.seq + 1},
		]);

		const start = client.events('agent').find(event => event.data.phase === 'start');
		expect(start).toEqual({
			runId: 'r',
			stream: 'lifecycle',
			data: {phase: 'start', startedAt: expect.any(Number)},
			sessionKey: 'agent:main:main',
			sessionId: expect.any(String),
			agentId: 'main',
			seq: 2,
			ts: expect.any(Number),
			isHeartbeat: false,
		});
		expect(client.events('agent').at(-1).data).toMatchObject({phase: 'end', stopReason: 'stop', aborted: false});
	});

	it('retries a rate-limited model after its retry-after, saying so as a real gateway does', async () => {
		const {client, waits, upstream} = await gatewayWithUpstream([{status: 429, headers: {'retry-after': '7'}}, {words: ['fine', ' now']}]);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'r'});
		await runEnded(client, 'r');
		expect(waits).toEqual([7000]);
		expect(upstream.requests).toHaveLength(2);

		const retry = client.events('chat').find(event => event.retry);
		expect(retry).toMatchObject({state: 'status', phase: 'starting_model', retry: {attempt: 2, maxAttempts: 3, reason: 'rate_limit'}});
		const retrying = client.events('agent').find(event => event.data.phase === 'retrying');
		expect(retrying).toMatchObject({stream: 'run_status', seq: retry.seq, data: {message: expect.any(String), attempt: 2, maxAttempts: 3, reason: 'rate_limit', delayMs: 7000}});
		const failed = client.events('agent').find(event => event.data.phase === 'finishing');
		expect(failed.data).toMatchObject({error: expect.stringContaining('HTTP 429'), errorObservation: {failoverReason: 'rate_limit'}});
		expect(client.events('chat').at(-1)).toMatchObject({state: 'final', message: {content: [{type: 'text', text: 'fine now'}]}});
	});

	it('retries a server error after 1 s; its chat status carries no retry, only run_status does (recorded for 500)', async () => {
		const {client, waits} = await gatewayWithUpstream([{status: 500}, {words: ['ok']}]);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'r'});
		await runEnded(client, 'r');
		expect(waits).toEqual([1000]);
		expect(client.events('chat').some(event => event.retry)).toBe(false);
		expect(client.events('agent').find(event => event.data.phase === 'retrying')?.data).toMatchObject({reason: 'server_error', attempt: 2, maxAttempts: 3});
		expect(client.events('chat').at(-1)).toMatchObject({state: 'final'});
	});

	it('gives up after three attempts: an error event and the recorded failure row', async () => {
		const {client, waits, upstream} = await gatewayWithUpstream([{status: 503}, {status: 503}, {status: 503, body: 'overloaded'}]);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'r'});
		await runEnded(client, 'r');
		expect(waits).toEqual([1000, 2000]);
		expect(upstream.requests).toHaveLength(3);
		expect(client.events('chat').at(-1)).toMatchObject({state: 'error', errorMessage: expect.stringContaining('503')});
		expect(client.events('agent').at(-1).data).toMatchObject({phase: 'error'});

		const [, failure] = (await ok(client, 'chat.history', {sessionKey: 'main'})).messages;
		expect(failure).toMatchObject({
			role: 'assistant',
			content: [{type: 'text', text: expect.stringContaining('overloaded')}],
			stopReason: 'error',
			idempotencyKey: 'r:terminal-error',
			__openclaw: {runId: 'r', idempotencyKey: 'r:terminal-error'},
		});
	});

	it('does not retry a refusal such as 400', async () => {
		const {client, waits} = await gatewayWithUpstream([{status: 400, body: 'bad model'}]);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'r'});
		await runEnded(client, 'r');
		expect(waits).toEqual([]);
		expect(client.events('chat').at(-1)).toMatchObject({state: 'error', errorMessage: expect.stringContaining('400')});
	});
});

describe('retryDelay', () => {
	const now = Date.parse('2026-11-30T01:00:00Z');
	it.each([
		['seconds', '3', 1, 3000],
		['an HTTP date', 'Mon, 30 Nov 2026 01:00:05 GMT', 1, 5000],
		['nothing, first retry', null, 1, 1000],
		['nothing, second retry', null, 2, 2000],
		['garbage', 'soon', 2, 2000],
		['too long a wait', '3600', 1, defaultRetryPolicy.maxDelayMs],
		['a date in the past', 'Mon, 30 Nov 2026 00:00:00 GMT', 1, 0],
	])('reads %s', (_what, header, attempt, expected) => {
		expect(retryDelay(header, attempt, defaultRetryPolicy, now)).toBe(expected);
	});
});

describe('a turn the model failed', () => {
	it('says the HTTP status and the endpoint’s own message, not its JSON', async () => {
		const {client} = await gatewayWithUpstream([{status: 404, body: '{"error":{"message":"model \\"llama9\\" not found, try pulling it first","type":"api_error"}}'}]);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'r'});
		await runEnded(client, 'r');
		const error = client.events('chat').at(-1);
		expect(error.errorMessage).toMatch(/^⚠️ the model at 127\.0\.0\.1:\d+ answered HTTP 404: model "llama9" not found, try pulling it first$/);
		const [, failure] = (await ok(client, 'chat.history', {sessionKey: 'main'})).messages;
		expect(failure).toMatchObject({stopReason: 'error', content: [{type: 'text', text: error.errorMessage}]});
	});

	it('says where the model could not be reached', async () => {
		const port = await closedPort();
		const gateway = await testGateway({dataDir: await tempDir(), agent: openAiAgent({baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm1'})});
		const client = await connected(gateway.url);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'r'});
		await runEnded(client, 'r');
		expect(client.events('chat').at(-1)).toMatchObject({state: 'error', errorMessage: `⚠️ cannot reach the model at 127.0.0.1:${port}: ECONNREFUSED`});
	});

	it('is marked failed and can be sent again: the new run asks the model once, without the failed attempt in its context', async () => {
		const {client, upstream} = await gatewayWithUpstream([{words: ['first answer']}, {status: 400, body: '{"error":"context too long"}'}, {words: ['second answer']}]);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'one', idempotencyKey: 'r1'});
		await runEnded(client, 'r1');
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'two', idempotencyKey: 'r2'});
		await runEnded(client, 'r2');
		expect(client.events('chat').at(-1)).toMatchObject({runId: 'r2', state: 'error'});

		expect(await ok(client, 'chat.send', {sessionKey: 'main', message: 'two', idempotencyKey: 'r3'})).toEqual({runId: 'r3', status: 'started'});
		await runEnded(client, 'r3');
		expect(client.events('chat').at(-1)).toMatchObject({runId: 'r3', state: 'final', message: {content: [{type: 'text', text: 'second answer'}]}});
		expect((upstream.requests[2] as {messages: unknown[]}).messages).toEqual([
			{role: 'user', content: 'one'},
			{role: 'assistant', content: 'first answer'},
			{role: 'user', content: 'two'},
		]);

		const rows = (await ok(client, 'chat.history', {sessionKey: 'main'})).messages as Array<{role: string; stopReason?: string; __openclaw: {runId?: string}}>;
		expect(rows.map(row => [row.role, row.stopReason ?? ''])).toEqual([
			['user', ''],
			['assistant', 'stop'],
			['user', ''],
			['assistant', 'error'],
			['user', ''],
			['assistant', 'stop'],
		]);
		expect(rows[3]!.__openclaw.runId).toBe('r2');
	});
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}
