import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {offlineAgent, openAiAgent} from '../../source/gateway/agents.js';
import {tempDir, testGateway} from '../helpers.js';
import {connected, ok, runEnded} from './client.js';
import {fakeOpenAi} from './fake-openai.js';

/** The files under `dir` whose bytes contain `secret`. */
async function filesHolding(dir: string, secret: string): Promise<string[]> {
	const entries = await readdir(dir, {recursive: true, withFileTypes: true});
	const files = entries.filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name));
	const held = await Promise.all(files.map(async file => (await readFile(file, 'latin1')).includes(secret)));
	return files.filter((_file, index) => held[index]);
}

describe('the model, agents and session settings', () => {
	it('lists the offline echo model and the one agent', async () => {
		const gateway = await testGateway({dataDir: await tempDir(), agent: offlineAgent(1)});
		const client = await connected(gateway.url);
		expect(await ok(client, 'models.list', {})).toEqual({models: [{id: 'echo', name: expect.any(String), provider: 'tether', reasoning: false, supportsTools: false}]});
		expect(await ok(client, 'agents.list', {})).toEqual({defaultId: 'main', mainKey: 'main', agents: [{id: 'main'}]});
	});

	it('lists an OpenAI-compatible model by its configured name, and never shows a password from its URL', async () => {
		const agent = openAiAgent({baseUrl: 'http://user:hunter2@127.0.0.1:9/v1', model: 'qwen3:8b', contextWindow: 32_768});
		const gateway = await testGateway({dataDir: await tempDir(), agent});
		const client = await connected(gateway.url);
		const {models} = await ok(client, 'models.list', {});
		expect(models).toEqual([{id: 'qwen3:8b', name: 'qwen3:8b', provider: 'openai-compatible', contextWindow: 32_768, reasoning: false, supportsTools: false}]);
		await ok(client, 'chat.send', {sessionKey: 'main', message: '/status', idempotencyKey: 's'});
		await runEnded(client, 's');
		const status: string = client.events('chat')[0].message.content[0].text;
		expect(status).toContain('openai-compatible/qwen3:8b at 127.0.0.1:9');
		expect(`${status} ${agent.name}`).not.toContain('hunter2');
	});

	it('sends the password of a base URL as an Authorization header, never in the URL, and it reaches no history file or log', async () => {
		const upstream = await fakeOpenAi([{words: ['Hi']}, {status: 401, body: '{"error": "bad password"}'}]);
		const baseUrl = upstream.baseUrl.replace('http://', 'http://alice:hunter2-s3cret@');
		const dataDir = await tempDir();
		const log: string[] = [];
		const gateway = await testGateway({dataDir, agent: openAiAgent({baseUrl, model: 'm1', apiKey: 'sk-unused', retry: {maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0}}), log: line => log.push(line)});
		const client = await connected(gateway.url);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hello', idempotencyKey: 'r1'});
		await runEnded(client, 'r1');
		// Before: fetch refused a URL holding credentials, and its error (stored as the reply) quoted the password.
		expect(client.events('chat').find(event => event.runId === 'r1' && event.state === 'final')?.message.content[0].text).toBe('Hi');
		expect(upstream.authorizations[0]).toBe(`Basic ${Buffer.from('alice:hunter2-s3cret').toString('base64')}`);

		await ok(client, 'chat.send', {sessionKey: 'main', message: 'again', idempotencyKey: 'r2'});
		await runEnded(client, 'r2');
		expect(client.events('chat').find(event => event.runId === 'r2' && event.state === 'error')?.errorMessage).toMatch(/the model at 127\.0\.0\.1:\d+ answered HTTP 401/);
		await gateway.close();
		expect(await filesHolding(dataDir, 'hunter2')).toEqual([]);
		expect(log.join('\n')).not.toContain('hunter2');
		expect(JSON.stringify(client.frames)).not.toContain('hunter2');
	});

	it('patches a session to the model it has (by id or provider/id) and its label, and refuses any other model', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const client = await connected(gateway.url);
		const patched = await ok(client, 'sessions.patch', {key: 'work', model: 'tether/echo', label: 'Work'});
		expect(patched).toMatchObject({ok: true, key: 'agent:main:work', entry: {key: 'agent:main:work', label: 'Work', model: 'echo'}, resolved: {modelProvider: 'tether', model: 'echo'}});
		expect((await ok(client, 'sessions.patch', {key: 'work', model: 'echo'})).entry.label).toBe('Work');
		expect((await ok(client, 'sessions.patch', {key: 'work', label: null})).entry.label).toBeUndefined();

		const refused = await client.request('sessions.patch', {key: 'work', model: 'gpt-9'});
		expect(refused).toMatchObject({ok: false, error: {code: 'INVALID_REQUEST'}});
		expect(refused.error.message).toMatch(/^[^\n]*gpt-9[^\n]*tether\/echo[^\n]*$/);
		expect(await client.request('sessions.patch', {key: 'work', thinkingLevel: 'high'})).toMatchObject({ok: false, error: {code: 'INVALID_REQUEST'}});
	});

	it('tells chat.history the session’s model and state, and stores model, provider, stop reason and usage on replies', async () => {
		const upstream = await fakeOpenAi([{words: ['Hello', ' there'], usage: {prompt_tokens: 12, completion_tokens: 2}}]);
		const gateway = await testGateway({dataDir: await tempDir(), agent: openAiAgent({baseUrl: upstream.baseUrl, model: 'm1', contextWindow: 8192})});
		const client = await connected(gateway.url);
		const empty = await ok(client, 'chat.history', {sessionKey: 'main'});
		expect(empty).toMatchObject({
			defaults: {model: 'm1', modelProvider: 'openai-compatible', contextTokens: 8192},
			sessionInfo: {key: 'agent:main:main', model: 'm1', modelProvider: 'openai-compatible', status: 'done', hasActiveRun: false, activeRunIds: []},
		});

		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'r'});
		await runEnded(client, 'r');
		await gateway.chat.idle();
		const history = await ok(client, 'chat.history', {sessionKey: 'main'});
		expect(history.messages[1]).toMatchObject({
			role: 'assistant',
			content: [{type: 'text', text: 'Hello there'}],
			model: 'm1',
			provider: 'openai-compatible',
			stopReason: 'stop',
			usage: {input: 12, output: 2, totalTokens: 14},
			__openclaw: {runId: 'r'},
		});
		expect(history.sessionInfo).toMatchObject({model: 'm1', contextTokens: 8192, totalTokens: 12, status: 'done', hasActiveRun: false});
		expect(upstream.requests[0]).toMatchObject({model: 'm1', stream: true, messages: [{role: 'user', content: 'hi'}]});
	});

	it('says a run is active in sessionInfo while it streams', async () => {
		const gateway = await testGateway({dataDir: await tempDir(), agent: offlineAgent(20)});
		const client = await connected(gateway.url);
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'hi', idempotencyKey: 'live'});
		const history = await ok(client, 'chat.history', {sessionKey: 'main'});
		expect(history.sessionInfo).toMatchObject({status: 'running', hasActiveRun: true, activeRunIds: ['live']});
		expect(history.messages[0].usage).toBeUndefined();
	});
});
