import {spawn} from 'node:child_process';
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cliEnvironment, freePort, onCleanup, runTether, tempDir, testGateway, testToken, tetherBin, type CliResult, waitFor} from './helpers.js';

const environment = cliEnvironment;

async function tether(env: NodeJS.ProcessEnv, args: string[], input?: string): Promise<CliResult> {
	return runTether(env, args, {...(input !== undefined && {input})});
}

/** A loopback port that nothing listens on. */

const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('tether command line', () => {
	it('prints its version and help', async () => {
		const env = await environment();
		expect((await tether(env, ['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
		const help = await tether(env, ['--help']);
		expect(help.stdout).toContain('Usage: tether [COMMAND]');
		for (const command of ['create', 'attach', 'session', 'send', 'show', 'stats', 'recover', 'serve', 'config', 'doctor']) {
			expect((await tether(env, [command, '--help'])).stdout).toContain(`Usage: tether ${command}`);
		}
	});

	it.each([
		[['frobnicate'], 2, 'unknown command frobnicate'],
		[['atach', 'main'], 2, 'did you mean attach'],
		[['create', '../etc/passwd', '-d'], 2, 'invalid session name'],
		[['show'], 2, 'expected one session name'],
		[['show', 'nope'], 1, 'no session named nope'],
		[['attach', 'nope'], 1, 'no session named nope'],
		[['show', 'x', '--bogus'], 2, 'unknown option --bogus; see tether show --help'],
		[['config', 'set', 'session.ping_interval', 'soon'], 2, 'session.ping_interval'],
		[['config', 'set', 'session.pingInterval', '5'], 2, 'did you mean session.ping_interval'],
	])('refuses %j in one line with exit code %i', async (args, code, message) => {
		const result = await tether(await environment(), args);
		expect(result.code).toBe(code);
		expect(oneLine(result.stderr)).toEqual([expect.stringContaining(message)]);
		expect(result.stderr).not.toContain('    at ');
	});

	it('reports a config file edited into something invalid, and does not overwrite it', async () => {
		const env = await environment();
		await mkdir(env.TETHER_CONFIG_DIR, {recursive: true});
		const file = path.join(env.TETHER_CONFIG_DIR, 'config.json');
		await writeFile(file, '{"session.ping_interval": 5,');
		for (const args of [['ls'], ['config', 'set', 'session.ping_interval', '10']]) {
			const result = await tether(env, args);
			expect(result.code).toBe(2);
			expect(oneLine(result.stderr)).toEqual([expect.stringContaining(`the config file ${file} is not a JSON object`)]);
		}

		expect(await readFile(file, 'utf8')).toBe('{"session.ping_interval": 5,');
		await writeFile(file, '{"session.ping_interval": "soon"}');
		expect(oneLine((await tether(env, ['ls'])).stderr)).toEqual([expect.stringContaining('invalid value for session.ping_interval: must be a whole number from 1 to 3600')]);
	});

	it('refuses to serve on an address other than loopback unless told to, in one line', async () => {
		const env = await environment();
		const result = await tether(env, ['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', path.join(env.TETHER_CONFIG_DIR, 'gateway')]);
		expect(result.code).toBe(2);
		expect(oneLine(result.stderr)).toEqual(['tether: refusing to listen on 0.0.0.0: the embedded gateway serves loopback only; pass --allow-remote to listen there anyway']);
	});

	it('warns once about a key it does not know (a newer version\'s, or a typo) and goes on; config unset removes it', async () => {
		const env = await environment();
		await mkdir(env.TETHER_CONFIG_DIR, {recursive: true});
		const file = path.join(env.TETHER_CONFIG_DIR, 'config.json');
		await writeFile(file, JSON.stringify({'session.ping_interval': 5, 'agent.future_key': true}));
		const listed = await tether(env, ['config', 'list']);
		expect(listed.code).toBe(0);
		expect(listed.stdout).toContain('session.ping_interval');
		expect(oneLine(listed.stderr)).toEqual([`tether: ignoring agent.future_key in ${file}: not a key this version knows (tether config unset KEY removes it)`]);
		expect(JSON.parse((await tether(env, ['config', 'list', '--json'])).stdout)).toMatchObject({values: {'session.ping_interval': 5}, unknown: ['agent.future_key']});
		expect((await tether(env, ['config', 'unset', 'agent.future_key'])).code).toBe(0);
		expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({'session.ping_interval': 5});
	});

	it('creates a session without a terminal, refuses to create it twice, and spells OpenClaw style too', async () => {
		const env = await environment();
		const created = await tether(env, ['create', 'work']);
		expect(created.stdout.trim()).toBe(path.join(env.TETHER_SESSIONS_DIR, 'work.json'));
		expect((await tether(env, ['create', 'work', '-d'])).stderr).toContain('already exists');
		expect((await tether(env, ['session', 'create', '--name', 'other', '--persist'])).code).toBe(0);
		expect((await readdir(env.TETHER_SESSIONS_DIR)).toSorted()).toEqual(['other.json', 'work.json']);
	});

	it('sends one message, streams the reply, saves both, and shows them without connecting', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir(), token: testToken});
		const sent = await tether(env, ['send', 'ops', 'deploy status?', '--gateway', gateway.url, '--token', testToken]);
		expect(sent).toMatchObject({code: 0, stderr: 'tether: new session ops\n'});
		expect(sent.stdout).toContain('You said: “deploy status?”');

		await gateway.close();
		const shown = await tether(env, ['show', 'ops']);
		expect(shown.stdout).toMatch(/you · .*\ndeploy status\?/);
		const json = JSON.parse((await tether(env, ['show', 'ops', '--json'])).stdout) as {messages: Array<{role: string; status: string}>};
		expect(json.messages.map(m => `${m.role}:${m.status}`)).toEqual(['user:sent', 'assistant:final']);
		expect((await tether(env, ['show', 'ops', '--last', '1'])).stdout).not.toContain('deploy status?\n');

		for (const file of await readdir(env.TETHER_SESSIONS_DIR)) {
			expect(await readFile(path.join(env.TETHER_SESSIONS_DIR, file), 'utf8')).not.toContain(testToken);
		}
	});

	it('never shows or stores the password of a gateway URL (sent as Basic auth by the socket), in the session file, ls, config, doctor or an error', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir(), token: testToken});
		const url = gateway.url.replace('ws://', 'ws://alice:hunter2-s3cret@');
		const sent = await tether(env, ['send', 'ops', 'hello', '--gateway', url, '--token', testToken]);
		expect(sent).toMatchObject({code: 0, stderr: 'tether: new session ops\n'});
		expect((await tether(env, ['config', 'set', 'gateway.url', url])).code).toBe(0);
		const said = [
			sent,
			await tether(env, ['ls']),
			await tether(env, ['config', 'get', 'gateway.url']),
			await tether(env, ['config', 'list']),
			await tether(env, ['doctor']),
			await tether(env, ['send', 'ops', 'again', '--gateway', 'ws://alice:hunter2-s3cret@', '--token', testToken]),
		];
		expect(said[2]!.stdout.trim()).toBe(gateway.url.replace('ws://', 'ws://***@'));
		for (const result of said) {
			expect(`${result.stdout}${result.stderr}`).not.toContain('hunter2');
		}

		await gateway.close();
		// Before: the session file kept the URL as given, password and all.
		const files = await readdir(env.TETHER_SESSIONS_DIR, {recursive: true});
		for (const file of files) {
			expect(await readFile(path.join(env.TETHER_SESSIONS_DIR, file), 'utf8').catch(() => ''), file).not.toContain('hunter2');
		}
	});

	it('reads the message from stdin with -', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		const sent = await tether({...env, TETHER_GATEWAY_URL: gateway.url, OPENCLAW_GATEWAY_TOKEN: testToken}, ['send', 'piped', '-'], 'from a pipe\n');
		expect(sent.stdout).toContain('You said: “from a pipe”');
	});

	it('says each retry while the gateway stays unreachable, then exits non-zero, keeping the message queued', async () => {
		const env = await environment();
		expect((await tether(env, ['config', 'set', 'session.reconnect_attempts', '2'])).code).toBe(0);
		const result = await tether(env, ['send', 'lonely', 'anyone?', '--gateway', `ws://127.0.0.1:${await freePort()}`]);
		expect(result.code).toBe(1);
		expect(oneLine(result.stderr)).toEqual([
			'tether: new session lonely',
			expect.stringMatching(/^retrying \(1\/2\) in \d+ ms: connection refused$/),
			expect.stringMatching(/^retrying \(2\/2\) in \d+ (ms|s): connection refused$/),
			'tether: the gateway is unreachable after 2 attempts (connection refused); the message is saved and will be sent on the next attach',
		]);
		const saved = JSON.parse((await tether(env, ['show', 'lonely', '--json'])).stdout) as {messages: Array<{status: string}>};
		expect(saved.messages).toEqual([expect.objectContaining({status: 'queued'})]);
	});

	it('says so and exits non-zero on a wrong token', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		const result = await tether(env, ['send', 'x', 'hi', '--gateway', gateway.url, '--token', 'wrong']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('refused the token');
	});

	it('checks the setup with doctor, naming where the token came from and never showing it', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		const good = await tether({...env, OPENCLAW_GATEWAY_TOKEN: testToken}, ['doctor', '--gateway', gateway.url]);
		expect(good.code).toBe(0);
		expect(good.stdout).toMatch(/^ok {3}token +set \(env OPENCLAW_GATEWAY_TOKEN\), hidden$/m);
		expect(good.stdout).toMatch(/^ok {3}connection +connected in \d+ ms \(gateway .*, protocol 4\)$/m);
		expect(good.stdout).not.toContain(testToken);

		const bad = await tether(env, ['doctor', '--gateway', gateway.url, '--token', 'wrong-token']);
		expect(bad.code).toBe(1);
		expect(bad.stdout).toMatch(/^BAD {2}connection +the gateway refused the token/m);
		expect(bad.stdout).not.toContain('wrong-token');

		const json = await tether({...env, OPENCLAW_GATEWAY_TOKEN: testToken}, ['doctor', '--json', '--gateway', gateway.url]);
		expect(json.code).toBe(0);
		expect(json.stdout).not.toContain(testToken);
		const report = JSON.parse(json.stdout) as {ok: boolean; checks: Array<{check: string; ok: boolean; detail: string}>};
		expect(report.ok).toBe(true);
		expect(report.checks.map(check => check.check)).toEqual(['tether', 'config', 'sessions', 'gateway', 'token', 'device-key', 'device-token', 'connection']);
		expect(report.checks.find(check => check.check === 'token')).toEqual({check: 'token', ok: true, detail: 'set (env OPENCLAW_GATEWAY_TOKEN), hidden'});
		const refused = await tether(env, ['doctor', '--json', '--gateway', gateway.url, '--token', 'wrong-token']);
		expect(refused.code).toBe(1);
		expect(JSON.parse(refused.stdout)).toMatchObject({ok: false, checks: expect.arrayContaining([expect.objectContaining({check: 'connection', ok: false})])});
	});

	it('refuses to send a token over plaintext to a remote host unless told to', async () => {
		const env = await environment();
		const result = await tether(env, ['send', 'x', 'hi', '--gateway', 'ws://gateway.example:18789', '--token', 't']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('refusing to send the token over plaintext ws://');
	});

	it('reads and writes config, validated, never printing the token', async () => {
		const env = await environment();
		expect((await tether(env, ['config', 'set', 'session.reconnect_backoff', 'linear'])).code).toBe(0);
		expect((await tether(env, ['config', 'get', 'session.reconnect_backoff'])).stdout.trim()).toBe('linear');
		await tether(env, ['config', 'set', 'gateway.token', 'very-secret']);
		expect((await tether(env, ['config', 'get', 'gateway.token'])).stdout).not.toContain('very-secret');
		expect((await tether(env, ['config', 'list'])).stdout).not.toContain('very-secret');
		const listed = await tether(env, ['config', 'list', '--json']);
		expect(listed.stdout).not.toContain('very-secret');
		expect(JSON.parse(listed.stdout)).toEqual({
			path: path.join(env.TETHER_CONFIG_DIR, 'config.json'),
			values: {'session.reconnect_backoff': 'linear'},
			hidden: ['gateway.token'],
			unknown: [],
		});
		expect((await tether(env, ['config', 'path'])).stdout.trim()).toBe(path.join(env.TETHER_CONFIG_DIR, 'config.json'));
		await tether(env, ['config', 'unset', 'session.reconnect_backoff']);
		expect((await tether(env, ['config', 'get', 'session.reconnect_backoff'])).code).toBe(1);
	});

	it('summarises how the link behaved', async () => {
		const env = await environment();
		await tether(env, ['create', 'flaky']);
		const file = path.join(env.TETHER_SESSIONS_DIR, 'flaky.json');
		const data = JSON.parse(await readFile(file, 'utf8')) as {events: unknown[]};
		data.events = [
			{at: '2026-11-24T10:00:00.000Z', type: 'disconnected', reason: 'closed (1006)'},
			{at: '2026-11-24T10:00:14.000Z', type: 'reconnected', downtimeMs: 14_000},
		];
		await writeFile(file, JSON.stringify(data));
		const shown = await tether(env, ['stats', 'flaky']);
		expect(shown.stdout).toMatch(/drops\s+1/);
		expect(shown.stdout).toMatch(/longest downtime\s+14 s/);
		expect(shown.stdout).toContain('closed (1006)');
		expect(JSON.parse((await tether(env, ['stats', 'flaky', '--json'])).stdout)).toMatchObject({drops: 1, medianReconnectMs: 14_000});
	});

	it('recovers a damaged session from its last good copy, keeping the damaged file aside', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		const flags = ['--gateway', gateway.url, '--token', testToken];
		await tether(env, ['send', 'work', 'one', ...flags]);
		await tether(env, ['send', 'work', 'two', ...flags]);
		const file = path.join(env.TETHER_SESSIONS_DIR, 'work.json');
		await writeFile(file, '\0\0\0');

		const refused = await tether(env, ['show', 'work']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('tether recover work');
		expect(await readFile(file, 'utf8')).toBe('\0\0\0');

		const recovered = await tether(env, ['recover', 'work']);
		expect(recovered.stdout).toMatch(/restored work from its last good copy \(\d+ messages\)/);
		expect((await tether(env, ['show', 'work'])).stdout).toContain('one');
		const kept = (await readdir(env.TETHER_SESSIONS_DIR)).filter(entry => entry.startsWith('work.json.corrupt-'));
		expect(kept).toHaveLength(1);
		expect(await readFile(path.join(env.TETHER_SESSIONS_DIR, kept[0]!), 'utf8')).toBe('\0\0\0');
		expect((await tether(env, ['recover', 'work'])).stdout).toContain('nothing to recover');
	});

	it('refills a damaged session with no good copy from the gateway', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		const flags = ['--gateway', gateway.url, '--token', testToken];
		await tether(env, ['send', 'solo', 'keep this', ...flags]);
		await writeFile(path.join(env.TETHER_SESSIONS_DIR, 'solo.json'), 'garbage');
		await writeFile(path.join(env.TETHER_SESSIONS_DIR, 'solo.json.bak'), 'garbage too');
		expect((await tether(env, ['recover', 'solo'])).stdout).toContain('refills from the gateway');
		await tether(env, ['send', 'solo', 'and this', ...flags]);
		const texts = (JSON.parse((await tether(env, ['show', 'solo', '--json'])).stdout) as {messages: Array<{text: string}>}).messages.map(m => m.text);
		expect(texts.filter(text => text === 'keep this' || text === 'and this')).toEqual(['keep this', 'and this']);
	});

	it('starts the embedded gateway in the background on demand, and stops it', async () => {
		const env = await environment();
		await tether(env, ['config', 'set', 'embedded.port', String(await freePort())]);
		onCleanup(async () => void (await tether(env, ['serve', '--stop'])));
		const first = await tether(env, ['send', 'main', 'hello']);
		expect(first).toMatchObject({code: 0});
		expect(first.stdout).toContain('offline agent');
		const state = JSON.parse(await readFile(path.join(env.TETHER_GATEWAY_DIR, 'gateway.json'), 'utf8')) as {pid: number};
		expect((await tether(env, ['send', 'main', 'again'])).code).toBe(0);
		expect(JSON.parse(await readFile(path.join(env.TETHER_GATEWAY_DIR, 'gateway.json'), 'utf8'))).toEqual(state);
		expect((await tether(env, ['serve', '--stop'])).stdout).toContain('stopped');
		expect((await tether(env, ['serve', '--stop'])).code).toBe(1);
	});

	it('serves in the foreground until told to stop', async () => {
		const env = await environment();
		const child = spawn(process.execPath, [tetherBin, 'serve', '--port', '0'], {env});
		const gone = new Promise(resolve => child.on('exit', resolve));
		onCleanup(async () => {
			child.kill('SIGKILL');
			await gone;
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		await waitFor(() => output.includes('listening on ws://127.0.0.1:'), 'the gateway listens');
		const exited = new Promise<number | null>(resolve => child.on('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
