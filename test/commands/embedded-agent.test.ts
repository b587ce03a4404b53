/**
 * The embedded gateway keeps its agent: it reads the config at every start, records what it runs, and a client
 * whose settings differ says so and how to restart it. Real CLI processes, a fake OpenAI-compatible endpoint.
 */
import {spawn} from 'node:child_process';
import {access, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {connectParams, ok, rawClient} from '../gateway/client.js';
import {fakeOpenAi} from '../gateway/fake-openai.js';
import {cliEnvironment, freePort, onCleanup, runTether, tetherBin, type CliResult, waitFor} from '../helpers.js';

async function environment() {
	// The model variables of the shell running the tests must not pick the agent.
	const env = {...(await cliEnvironment()), TETHER_OPENAI_BASE_URL: '', TETHER_MODEL: ''};
	await configure(env, {'embedded.port': await freePort()});
	onCleanup(async () => void (await tether(env, ['serve', '--stop'])));
	return env;
}

/** Sets config keys as `tether config set` would, without a process per key. */
async function configure(env: NodeJS.ProcessEnv, values: Record<string, string | number>): Promise<void> {
	const file = path.join(env.TETHER_CONFIG_DIR!, 'config.json');
	await mkdir(env.TETHER_CONFIG_DIR!, {recursive: true, mode: 0o700});
	const current = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
	await writeFile(file, JSON.stringify({...current, ...values}), {mode: 0o600});
}

async function tether(env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
	return runTether(env, args);
}


async function gatewayState(env: NodeJS.ProcessEnv): Promise<{pid: number; port: number; agent?: {label: string}}> {
	return JSON.parse(await readFile(path.join(env.TETHER_GATEWAY_DIR!, 'gateway.json'), 'utf8')) as {pid: number; port: number; agent?: {label: string}};
}

const mismatchLines = (stderr: string) => stderr.split('\n').filter(line => line.includes('tether serve --restart'));

describe('the embedded gateway keeps its agent', () => {
	it('runs the model the config names, records it, and doctor names it and finds it listed at /v1/models', async () => {
		const env = await environment();
		const upstream = await fakeOpenAi([{words: ['from', ' m1']}], ['m1', 'other']);
		await configure(env, {'agent.base_url': upstream.baseUrl, 'agent.model': 'm1'});

		const sent = await tether(env, ['send', 'main', 'hello']);
		expect(sent).toMatchObject({code: 0, stdout: expect.stringContaining('from m1')});
		expect(mismatchLines(sent.stderr)).toEqual([]);
		expect((await gatewayState(env)).agent?.label).toBe(`m1 @ 127.0.0.1:${upstream.port}`);
		await waitFor(async () => access(path.join(env.TETHER_GATEWAY_DIR, 'health.json')).then(() => true, () => false), 'the first health check is written');

		const doctor = await tether(env, ['doctor']);
		expect(doctor.stdout).toMatch(new RegExp(`^ok +agent +embedded · m1 @ 127\\.0\\.0\\.1:${upstream.port} \\(config agent\\.base_url\\)$`, 'm'));
		expect(doctor.stdout).toMatch(new RegExp(`^ok +model endpoint +127\\.0\\.0\\.1:${upstream.port} answers and serves m1$`, 'm'));
		expect(doctor.stdout).toMatch(/^ok +health +last check ok .* ago \(agent, data dir, disk\)$/m);
		expect(doctor.code).toBe(0);
		expect(upstream.modelRequests.length).toBeGreaterThanOrEqual(2); // the gateway's health check, then doctor's
	});

	it('tells a client whose settings differ, once, how to restart it; serve --restart runs the client’s agent', async () => {
		const env = await environment();
		const configured = await fakeOpenAi([{words: ['configured']}, {words: ['configured again']}], ['m1']);
		const other = await fakeOpenAi([{words: ['other']}], ['m2']);
		await configure(env, {'agent.base_url': configured.baseUrl, 'agent.model': 'm1'});
		expect((await tether(env, ['send', 'main', 'one'])).stdout).toContain('configured');

		// Setting the variables while the gateway runs changes nothing, but no longer silently.
		const override = {...env, TETHER_OPENAI_BASE_URL: other.baseUrl, TETHER_MODEL: 'm2'};
		const differing = await tether(override, ['send', 'main', 'two']);
		expect(differing.stdout).toContain('configured again');
		expect(mismatchLines(differing.stderr)).toEqual([
			`tether: the embedded gateway runs m1 @ 127.0.0.1:${configured.port}, but your settings ask for m2 @ 127.0.0.1:${other.port}: tether serve --restart restarts it with yours`,
		]);

		const before = await gatewayState(env);
		const restarted = await tether(override, ['serve', '--restart']);
		expect(restarted).toMatchObject({code: 0, stdout: expect.stringMatching(new RegExp(`^embedded gateway restarted: m2 @ 127\\.0\\.0\\.1:${other.port} on 127\\.0\\.0\\.1:\\d+ \\(pid \\d+\\)\\n$`))});
		expect((await gatewayState(env)).pid).not.toBe(before.pid);
		const after = await tether(override, ['send', 'main', 'three']);
		expect(after.stdout).toContain('other');
		expect(mismatchLines(after.stderr)).toEqual([]);
		// The config still names m1: a client without the variables is told the gateway runs something else.
		expect(mismatchLines((await tether(env, ['doctor'])).stdout)).toHaveLength(1);
	});

	it('refuses a base URL without a model in one line, and starts nothing', async () => {
		const env = await environment();
		await configure(env, {'agent.base_url': 'http://127.0.0.1:11434/v1'});
		const sent = await tether(env, ['send', 'main', 'hello']);
		expect(sent.code).not.toBe(0);
		expect(sent.stderr).toContain('a model endpoint is set (config agent.base_url) but no model: tether config set agent.model NAME');
		expect(sent.stderr).not.toMatch(/^\s+at /m);
		await expect(access(path.join(env.TETHER_GATEWAY_DIR, 'gateway.json'))).rejects.toThrow(/ENOENT/);
		const serve = await tether(env, ['serve', '--port', '0']);
		expect(serve).toMatchObject({code: 2, stderr: expect.stringContaining('no model: tether config set agent.model NAME')});
		expect((await tether(env, ['doctor'])).stdout).toMatch(/^BAD +agent +a model endpoint is set/m);
	});

	it('doctor says when the endpoint does not list the model, or cannot be reached', async () => {
		const env = await environment();
		const upstream = await fakeOpenAi([], ['llama3.2:latest', 'qwen3:8b']);
		await configure(env, {'agent.base_url': upstream.baseUrl, 'agent.model': 'mistral'});
		const missing = await tether(env, ['doctor']);
		expect(missing.code).toBe(1);
		expect(missing.stdout).toMatch(
			new RegExp(`^BAD +model endpoint +127\\.0\\.0\\.1:${upstream.port} answers, but does not list mistral \\(it has llama3\\.2:latest, qwen3:8b\\): pull it, or tether config set agent\\.model NAME$`, 'm'),
		);
		// Ollama lists NAME:latest for NAME.
		await configure(env, {'agent.model': 'llama3.2'});
		expect((await tether(env, ['doctor'])).stdout).toMatch(/^ok +model endpoint +.* answers and serves llama3\.2$/m);

		const port = await freePort();
		await configure(env, {'agent.base_url': `http://127.0.0.1:${port}/v1`});
		expect((await tether(env, ['doctor'])).stdout).toMatch(new RegExp(`^BAD +model endpoint +cannot reach the model endpoint 127\\.0\\.0\\.1:${port}: ECONNREFUSED$`, 'm'));
	});

	it('doctor shows the endpoint’s refusal with its HTTP status and message, and never the key', async () => {
		const env = await environment();
		const upstream = await fakeOpenAi([], {status: 401, body: '{"error":{"message":"Incorrect API key provided"}}'});
		await configure(env, {'agent.base_url': upstream.baseUrl, 'agent.model': 'gpt-4o', 'agent.api_key_env': 'MY_MODEL_KEY'});
		const doctor = await tether({...env, MY_MODEL_KEY: 'sk-secret-123'}, ['doctor']);
		expect(doctor.stdout).toMatch(/^BAD +model endpoint +the model endpoint 127\.0\.0\.1:\d+ answered \/models with HTTP 401: Incorrect API key provided$/m);
		expect(upstream.modelRequests).toEqual([{authorization: 'Bearer sk-secret-123'}]);
		expect(doctor.stdout).not.toContain('sk-secret-123');
		expect(await readFile(path.join(env.TETHER_CONFIG_DIR, 'config.json'), 'utf8')).not.toContain('sk-secret');
	});
});

describe('a gateway restarted from a shell without the model’s variables', () => {
	it('re-runs the turn it was stopped in with the configured model, not the echo', async () => {
		const env = await environment();
		const upstream = await fakeOpenAi([{words: ['half a'], hold: true}, {words: ['the whole answer']}], ['m1']);
		await configure(env, {'agent.base_url': upstream.baseUrl, 'agent.model': 'm1'});
		const serve = () => {
			const child = spawn(process.execPath, [tetherBin, 'serve'], {env, stdio: 'ignore'});
			const exited = new Promise<number | null>(resolve => child.once('exit', resolve));
			onCleanup(async () => {
				child.kill('SIGKILL');
				await exited;
			});
			return {child, exited};
		};

		const first = serve();
		await waitFor(async () => (await gatewayState(env).catch(() => undefined))?.pid === first.child.pid, 'the gateway runs');
		const state = await gatewayState(env);
		const client = await rawClient(`ws://127.0.0.1:${state.port}`);
		expect(await client.request('connect', connectParams(await readFile(path.join(env.TETHER_GATEWAY_DIR, 'token'), 'utf8')))).toMatchObject({ok: true});
		await ok(client, 'chat.send', {sessionKey: 'main', message: 'a long question', idempotencyKey: 'r'});
		await waitFor(() => client.events('chat').some(event => event.state === 'delta'), 'the model has begun its reply');
		first.child.kill('SIGTERM');
		expect(await first.exited).toBe(0);

		// The shell that starts it again has none of the TETHER_OPENAI_* variables: the config names the model.
		const second = serve();
		await waitFor(async () => (await gatewayState(env).catch(() => undefined))?.pid === second.child.pid, 'the gateway runs again');
		await waitFor(() => upstream.requests.length === 2, 'the interrupted turn is sent to the model again');
		const again = await rawClient(`ws://127.0.0.1:${(await gatewayState(env)).port}`);
		await again.request('connect', connectParams(await readFile(path.join(env.TETHER_GATEWAY_DIR, 'token'), 'utf8')));
		await waitFor(async () => JSON.stringify((await ok(again, 'chat.history', {sessionKey: 'main'})).messages).includes('the whole answer'), 'the reply is stored');
		const rows = (await ok(again, 'chat.history', {sessionKey: 'main'})).messages as Array<{role: string; model?: string}>;
		expect(rows.map(row => [row.role, row.model ?? ''])).toEqual([
			['user', ''],
			['assistant', 'm1'],
		]);
		expect(JSON.stringify(rows)).not.toContain('offline agent');
	});
});
