import {createServer} from 'node:net';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {SessionStore} from '../source/store/session-store.js';
import {userMessage} from './builders.js';
import {terminal, tmuxMissing} from './e2e/tmux.js';
import {cliEnvironment, runTether, tempDir, testGateway, testToken, tetherBin, type CliResult} from './helpers.js';


const environment = cliEnvironment;

async function tether(env: NodeJS.ProcessEnv, args: string[], options: {cwd?: string} = {}): Promise<CliResult> {
	return runTether(env, args, options);
}

const lines = (text: string) => text.trim().split('\n');

describe('session names', () => {
	it.each(['.x', '.catalog', '.trash'])('refuses %j, which would be hidden or Tether\'s own file, in one line', async name => {
		const env = await environment();
		for (const args of [['create', name, '-d'], ['rename', 'main', name]]) {
			const refused = await tether(env, args);
			expect(refused.code).toBe(2);
			expect(lines(refused.stderr)).toEqual([expect.stringContaining('begins with a dot')]);
		}
	});
});

describe.skipIf(tmuxMissing)('a confirmation prompt in a terminal', () => {
	it.each([
		['C-c', 130],
		['C-d', 1],
	])('takes %s as "kept", exit %i, not an unexpected error', async (key, code) => {
		const env = await environment();
		await tether(env, ['create', 'precious', '-d']);
		const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(tetherBin)} rm precious; echo "exit=$?"; read wait`;
		const screen = terminal(`sh -c '${command}'`, env);
		await screen.waitFor('move session precious to the trash? [y/N]');
		screen.type(key);
		const shown = await screen.waitFor(/exit=\d+/);
		expect(shown).toContain('kept precious');
		expect(shown).toContain(`exit=${code}`);
		expect(shown).not.toContain('unexpected error');
		expect((await tether(env, ['ls'])).stdout).toMatch(/^precious /m);
	});
});

describe('mistyped commands and flags', () => {
	it.each([
		[['--verison'], 'unknown option --verison (did you mean --version?); see tether --help'],
		[['ls', '--al'], 'unknown option --al (did you mean --all?); see tether ls --help'],
		[['send', 'x', 'hi', '--gatway', 'ws://127.0.0.1:1'], 'unknown option --gatway (did you mean --gateway?); see tether send --help'],
		[['new', 'x'], 'unknown command new (did you mean create?); see tether --help'],
		[['a', 'x'], 'unknown command a (did you mean attach?); see tether --help'],
		[['at', 'x'], 'unknown command at (did you mean attach?); see tether --help'],
		[['kill', 'x'], 'unknown command kill (did you mean rm?); see tether --help'],
		[['delete', 'x'], 'unknown command delete (did you mean rm?); see tether --help'],
		[['remove', 'x'], 'unknown command remove (did you mean rm?); see tether --help'],
	])('answers %j with what was meant, in one line, exit 2', async (args, message) => {
		const result = await tether(await environment(), args);
		expect(result.code).toBe(2);
		expect(lines(result.stderr)).toEqual([`tether: ${message}`]);
	});
});

describe('export', () => {
	it('writes to stdout with -o -, and says in one line when the folder to write into does not exist', async () => {
		const env = await environment();
		await tether(env, ['create', 'doc', '-d']);
		const dashed = await tether(env, ['export', 'doc', '-o', '-']);
		expect(dashed).toMatchObject({code: 0, stdout: expect.stringMatching(/^# doc\n/)});
		const missing = path.join(env.HOME, 'no', 'such', 'folder', 'doc.md');
		const refused = await tether(env, ['export', 'doc', '-o', missing]);
		expect(refused.code).toBe(1);
		expect(lines(refused.stderr)).toEqual([`tether: doc was not exported: the folder ${path.dirname(missing)} does not exist`]);
	});
});

describe('where sessions live', () => {
	it.each(['notes', '~/notes'])('takes a config sessionsDir of %j from home, wherever tether runs', async configured => {
		const {TETHER_SESSIONS_DIR: _unset, ...env} = await environment();
		const elsewhere = await tempDir();
		expect((await tether(env, ['config', 'set', 'sessionsDir', configured], {cwd: elsewhere})).code).toBe(0);
		const created = await tether(env, ['create', 'x', '-d'], {cwd: elsewhere});
		expect(created.stdout.trim()).toBe(path.join(env.HOME, 'notes', 'x.json'));
	});
});

describe('ls with a gateway', () => {
	it('says on stderr that a gateway it was told to use did not answer, and still lists what is saved', async () => {
		const env = await environment();
		await tether(env, ['create', 'local-one', '-d']);
		const server = createServer();
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as {port: number};
		await new Promise(resolve => server.close(resolve));
		const listed = await tether(env, ['ls', '--gateway', `ws://127.0.0.1:${port}`]);
		expect(listed.code).toBe(0);
		expect(listed.stdout).toMatch(/^local-one /m);
		expect(lines(listed.stderr)).toEqual([`tether: ws://127.0.0.1:${port} did not answer; its sessions are not listed`]);
	});
});

describe('hints', () => {
	it('says a removed session is in the trash, and how to bring it back', async () => {
		const env = await environment();
		await tether(env, ['create', 'gone', '-d']);
		await tether(env, ['rm', 'gone', '--yes']);
		for (const args of [['show', 'gone'], ['export', 'gone'], ['attach', 'gone']]) {
			const result = await tether(env, args);
			expect(result.code).toBe(1);
			expect(lines(result.stderr)).toEqual(['tether: session gone is in the trash; tether restore gone brings it back']);
		}
	});
});

describe.skipIf(tmuxMissing)('show on a terminal', () => {
	async function sessionOf(env: NodeJS.ProcessEnv, name: string, count: number): Promise<void> {
		const store = await SessionStore.open(env.TETHER_SESSIONS_DIR!, name, 'create');
		store.update(data => ({...data, messages: Array.from({length: count}, (_, i) => userMessage(`line ${i + 1}`))}));
		await store.close();
	}

	const shownIn = (env: NodeJS.ProcessEnv, args: string) => {
		const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(tetherBin)} ${args}; echo "exit=$?"; read wait`;
		return terminal(`sh -c '${command}'`, {...env, PAGER: 'sed s/^/paged:/'}, {columns: 100, rows: 20});
	};

	it('goes through $PAGER when the transcript is longer than the screen', async () => {
		const env = await environment();
		await sessionOf(env, 'long', 40);
		const screen = await shownIn(env, 'show long').waitFor('exit=0');
		expect(screen).toMatch(/^paged:.*line 40$/m);
	});

	it('prints a transcript that fits on the screen, or a piped one, as it is', async () => {
		const env = await environment();
		await sessionOf(env, 'short', 2);
		await sessionOf(env, 'long', 40);
		expect(await shownIn(env, 'show short').waitFor('exit=0')).not.toContain('paged:');
		expect((await tether({...env, PAGER: 'sed s/^/paged:/'}, ['show', 'long'])).stdout).not.toContain('paged:');
	});
});

describe('names that differ only in case', () => {
	it('are refused for a new session or a rename, being one file on macOS and Windows', async () => {
		const env = await environment();
		await tether(env, ['create', 'work', '-d']);
		await tether(env, ['create', 'notes', '-d']);
		for (const args of [['create', 'Work', '-d'], ['rename', 'notes', 'WORK']]) {
			const refused = await tether(env, args);
			expect(refused.code).toBe(1);
			expect(lines(refused.stderr)).toEqual([expect.stringMatching(/^tether: session work exists, and \w+ differs from it only in case/)]);
		}

		expect((await tether(env, ['ls'])).stdout).not.toMatch(/^(Work|WORK) /m);
	});
});

describe('send to a name that does not exist', () => {
	it('creates the session, as attach --create does, and says so on stderr with the names it may be a typo of', async () => {
		const env = {...(await environment()), TETHER_GATEWAY_URL: (await testGateway({dataDir: await tempDir()})).url, OPENCLAW_GATEWAY_TOKEN: testToken};
		const first = await tether(env, ['send', 'deploy', 'one']);
		expect(first.code).toBe(0);
		expect(lines(first.stderr)).toEqual(['tether: new session deploy']);
		expect((await tether(env, ['send', 'deploy', 'two'])).stderr).toBe('');
		const typo = await tether(env, ['send', 'deplyo', 'three']);
		expect(typo.code).toBe(0);
		expect(lines(typo.stderr)).toEqual(['tether: new session deplyo (did you mean deploy?)']);

		// attach, which opens a terminal, does not create a name it does not know: it says how.
		const attached = await tether(env, ['attach', 'nothere']);
		expect(attached.code).toBe(1);
		expect(lines(attached.stderr)).toEqual(['tether: no session named nothere; create it with: tether create nothere']);
	});

	it('joins a session only the gateway has, as attach does, and does not bring back one in the trash', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const elsewhere = {...(await environment()), TETHER_GATEWAY_URL: gateway.url, OPENCLAW_GATEWAY_TOKEN: testToken};
		expect((await tether(elsewhere, ['send', 'agent:main:telegram:42', 'from the phone'])).code).toBe(0);

		const env = {...(await environment()), TETHER_GATEWAY_URL: gateway.url, OPENCLAW_GATEWAY_TOKEN: testToken};
		const joined = await tether(env, ['send', 'telegram-42', 'from the terminal']);
		expect(joined.code).toBe(0);
		expect(lines(joined.stderr)).toEqual(["tether: new session telegram-42 (joining the gateway's agent:main:telegram:42)"]);
		const users = gateway.chat.chatHistory('agent:main:telegram:42').messages.filter(row => row.role === 'user');
		expect(users.map(row => row.content)).toEqual(['from the phone', 'from the terminal']);

		await tether(env, ['send', 'gone', 'secret']);
		await tether(env, ['rm', 'gone', '--yes']);
		const again = await tether(env, ['send', 'gone', 'new start']);
		expect(lines(again.stderr)).toEqual(['tether: new session gone (a removed gone is in the trash: tether restore gone)']);
		expect((await tether(env, ['show', 'gone'])).stdout).not.toContain('secret');
	});
});
