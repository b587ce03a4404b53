import {execFile} from 'node:child_process';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {patience, tempDir, testGateway, testToken} from './helpers.js';

const bin = path.resolve('bin/tether.js');
const run = promisify(execFile);

async function environment() {
	const root = await tempDir();
	const gateway = await testGateway({dataDir: await tempDir()});
	const env = {
		...process.env,
		TETHER_CONFIG_DIR: path.join(root, 'config'),
		TETHER_SESSIONS_DIR: path.join(root, 'sessions'),
		TETHER_GATEWAY_DIR: path.join(root, 'gateway'),
		TETHER_GATEWAY_URL: gateway.url,
		OPENCLAW_GATEWAY_TOKEN: testToken,
		NO_COLOR: '1',
	};
	const tether = async (...args: string[]) => {
		try {
			const {stdout, stderr} = await run(process.execPath, [bin, ...args], {env, timeout: patience});
			return {code: 0, stdout, stderr};
		} catch (error) {
			const failed = error as {code: number; stdout: string; stderr: string};
			return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr};
		}
	};

	return {env, gateway, tether, dir: env.TETHER_SESSIONS_DIR};
}

describe('finding and managing old sessions', () => {
	it('lists sessions by last activity, with damaged ones marked and the gateway\'s own sessions apart', async () => {
		const {tether, dir, gateway} = await environment();
		await tether('send', 'older', 'first session');
		await tether('send', 'newer', 'about kubernetes');
		await writeFile(path.join(dir, 'broken.json'), '{not json');
		await gateway.chat.send('agent:main:telegram-42', 'sent from telegram', 'tg-1');
		await gateway.chat.idle();

		const listed = await tether('ls');
		expect(listed.code).toBe(0);
		const lines = listed.stdout.split('\n');
		expect(lines[0]).toMatch(/^NAME\s+MSGS\s+ACTIVE\s+GATEWAY\s+PREVIEW/);
		expect(lines.findIndex(line => line.startsWith('newer'))).toBeLessThan(lines.findIndex(line => line.startsWith('older')));
		expect(listed.stdout).toMatch(/broken .*damaged: tether recover broken/);
		expect(listed.stdout).toMatch(/on the gateway, not saved here yet[\s\S]*telegram-42 .*agent:main:telegram-42/);

		const json = JSON.parse((await tether('ls', '--json')).stdout) as {local: Array<{name: string; messages: number}>; gateway: Array<{name: string}>};
		expect(json.local.find(session => session.name === 'newer')).toMatchObject({messages: 2});
		expect(json.gateway.map(session => session.name)).toEqual(['telegram-42']);
	});

	it('hides archived sessions unless asked, and fits the terminal width', async () => {
		const {tether, env} = await environment();
		await tether('send', 'kept', 'x');
		await tether('send', 'old', 'y');
		expect((await tether('archive', 'old')).stdout).toContain('archived old');
		expect((await tether('ls')).stdout).not.toMatch(/^old/m);
		expect((await tether('ls', '--all')).stdout).toMatch(/\(archived\) old/);
		await tether('archive', 'old', '--undo');
		expect((await tether('ls')).stdout).toMatch(/^old/m);
		const narrow = await run(process.execPath, [bin, 'ls'], {env: {...env, COLUMNS: '40'}});
		expect(narrow.stdout.split('\n').every(line => line.length <= 120)).toBe(true);
	});

	it('moves a session to the trash and back, and renames it without losing its gateway session', async () => {
		const {tether, dir} = await environment();
		await tether('send', 'draft', 'remember the milk');
		const refused = await tether('rm', 'draft');
		expect(refused).toMatchObject({code: 2, stderr: expect.stringContaining('pass --yes')});
		expect((await tether('rm', 'draft', '--yes')).stdout).toContain('tether restore draft');
		expect(await readdir(dir)).not.toContain('draft.json');
		expect((await tether('restore', 'draft')).code).toBe(0);

		expect((await tether('rename', 'draft', 'groceries')).code).toBe(0);
		const renamed = JSON.parse((await tether('show', 'groceries', '--json')).stdout) as {name: string; gateway: {sessionKey: string}};
		expect(renamed).toMatchObject({name: 'groceries', gateway: {sessionKey: 'agent:main:draft'}});
		await tether('send', 'groceries', 'and eggs');
		const texts = (JSON.parse((await tether('show', 'groceries', '--json')).stdout) as {messages: Array<{text: string}>}).messages.map(m => m.text);
		expect(texts.filter(text => !text.startsWith('I am'))).toEqual(['remember the milk', 'and eggs']);
		expect((await tether('rename', 'groceries', 'a/b')).stderr).toContain('invalid session name');
	});

	it('exports Markdown with a header per turn, or the JSON file, to stdout or a file', async () => {
		const {tether, dir} = await environment();
		await tether('send', 'doc', 'first question');
		await tether('send', 'doc', 'second question');
		const markdown = (await tether('export', 'doc')).stdout;
		expect(markdown).toMatch(/^# doc\n/);
		expect(markdown.match(/^## Turn \d+ · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/gm)).toHaveLength(2);
		expect(markdown).toContain('**You**');
		const file = path.join(dir, '..', 'doc.json');
		await tether('export', 'doc', '--format', 'json', '-o', file);
		expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({name: 'doc', version: 2});
		expect((await tether('export', 'doc', '--format', 'pdf')).stderr).toContain('--format takes md or json');
	});

	it('shows only recent messages with --since and --last', async () => {
		const {tether} = await environment();
		await tether('send', 'log', 'early');
		const since = new Date().toISOString();
		await tether('send', 'log', 'late');
		const recent = (await tether('show', 'log', '--since', since)).stdout;
		expect(recent).toContain('late');
		expect(recent).not.toContain('\nearly\n');
		expect((await tether('show', 'log', '--last', '1')).stdout).not.toContain('\nlate\n');
		expect((await tether('show', 'log', '--since', 'soonish')).code).toBe(2);
	});

	it('styles piped output only when FORCE_COLOR asks, which wins over NO_COLOR', async () => {
		const {tether, env} = await environment();
		await tether('send', 'styled', 'some **bold** words');
		const show = async (extra: NodeJS.ProcessEnv) => (await run(process.execPath, [bin, 'show', 'styled'], {env: {...env, ...extra}, timeout: patience})).stdout;
		const escape = '\u001B[';
		expect(await show({FORCE_COLOR: '1'})).toContain(escape);
		expect(await show({FORCE_COLOR: '1', NO_COLOR: ''})).toContain(escape);
		expect(await show({})).not.toContain(escape); // NO_COLOR=1
		expect(await show({NO_COLOR: ''})).not.toContain(escape); // piped
		expect(await show({NO_COLOR: '', FORCE_COLOR: '0'})).not.toContain(escape);
	});

	it('recalls messages across sessions, ranked, with the id to open them at', async () => {
		const {tether} = await environment();
		await tether('send', 'infra', 'the postgres replica lags behind');
		await tether('send', 'misc', 'lunch plans');
		const found = await tether('recall', 'postgres', 'replica');
		expect(found.stdout.split('\n')[0]).toMatch(/^infra · .* · you · [\w-]+$/);
		expect(found.stdout).toContain('the postgres replica lags behind');
		const json = JSON.parse((await tether('search', 'lunch', '--json')).stdout) as Array<{session: string; text: string}>;
		expect(json[0]).toMatchObject({session: 'misc', text: 'lunch plans'});
		expect((await tether('recall', 'lunch', '--session', 'infra')).code).toBe(1);
		expect((await tether('recall')).code).toBe(2);
	});

	it('says which sessions recall left out as damaged, at every query, where it was silent', async () => {
		const {tether, dir} = await environment();
		await tether('send', 'infra', 'the postgres replica lags behind');
		await tether('send', 'broken', 'postgres notes');
		await writeFile(path.join(dir, 'broken.json'), '{"messages": [');
		for (let query = 0; query < 2; query++) {
			const found = await tether('recall', 'postgres');
			expect(found.stdout).toContain('the postgres replica lags behind');
			expect(found.stderr).toBe('tether: recall left out 1 damaged session file(s): broken (tether ls says what is wrong)\n');
		}
	});
});

describe('full session keys as names', () => {
	it('sends to and shows a session named by its full key, saved under a file name with no colon', async () => {
		const {tether, dir, gateway} = await environment();
		expect((await tether('send', 'agent:main:keyed', 'hi by key')).code).toBe(0);
		expect((await tether('show', 'agent:main:keyed')).stdout).toContain('hi by key');
		const saved = JSON.parse((await tether('show', 'agent:main:keyed', '--json')).stdout) as {name: string; gateway: {sessionKey: string}};
		expect(saved).toMatchObject({name: 'agent:main:keyed', gateway: {sessionKey: 'agent:main:keyed'}});
		expect((await readdir(dir)).filter(file => file.endsWith('.json'))).toEqual(['agent%3Amain%3Akeyed.json']);
		expect(gateway.chat.chatHistory('agent:main:keyed').messages[0]).toMatchObject({content: 'hi by key'});
		expect((await tether('ls')).stdout).toMatch(/^agent:main:keyed +2 /m);
		expect((await tether('export', 'agent:main:keyed')).stdout).toMatch(/^# agent:main:keyed\n/);
	});

	it('keeps a bare name and a key of another agent apart, on the gateway too', async () => {
		const {tether, gateway} = await environment();
		await tether('send', 'x', 'to main');
		await tether('send', 'agent:ops:x', 'to ops');
		expect(gateway.chat.chatHistory('agent:ops:x').messages[0]).toMatchObject({content: 'to ops'});
		expect(gateway.chat.chatHistory('agent:main:x').messages[0]).toMatchObject({content: 'to main'});
		const found = await tether('recall', 'ops');
		expect(found.stdout).toMatch(/^agent:ops:x · /m);
	});

	it('lists another agent\'s gateway session by its key, which attach then takes', async () => {
		const {tether, gateway} = await environment();
		await gateway.chat.send('agent:ops:deploys', 'deploy finished', 'ops-1');
		await gateway.chat.idle();
		const json = JSON.parse((await tether('ls', '--json')).stdout) as {gateway: Array<{name: string; key: string}>};
		expect(json.gateway).toEqual([expect.objectContaining({name: 'agent:ops:deploys', key: 'agent:ops:deploys'})]);
		const created = await tether('attach', 'agent:ops:deploys', '--create');
		expect(created).toMatchObject({code: 0, stdout: expect.stringMatching(/agent%3Aops%3Adeploys\.json\n$/)});
		expect(JSON.parse((await tether('show', 'agent:ops:deploys', '--json')).stdout)).toMatchObject({gateway: {sessionKey: 'agent:ops:deploys'}});
	});

	it('moves a keyed session to the trash and back, and renames it only to a bare name or its own key', async () => {
		const {tether, dir} = await environment();
		await tether('send', 'agent:ops:x', 'keep me');
		expect((await tether('rm', 'agent:ops:x', '--yes')).code).toBe(0);
		expect((await tether('restore', 'agent:ops:x')).code).toBe(0);
		const other = await tether('rename', 'agent:ops:x', 'agent:ops:y');
		expect(other).toMatchObject({code: 2, stderr: expect.stringContaining('stays gateway session agent:ops:x')});
		expect((await tether('rename', 'agent:ops:x', 'ops-x')).code).toBe(0);
		expect(await readdir(dir)).toContain('ops-x.json');
		expect(JSON.parse((await tether('show', 'ops-x', '--json')).stdout)).toMatchObject({name: 'ops-x', gateway: {sessionKey: 'agent:ops:x'}});
		expect((await tether('rename', 'ops-x', 'agent:ops:x')).code).toBe(0);
	});

	it.each([
		['agent::x', 'the agent id is empty'],
		['agent:a', 'no name after the agent id'],
		['ops:x', "a name with ':' must be a full session key"],
	])('refuses the malformed key %j in one line', async (key, reason) => {
		const {tether} = await environment();
		for (const args of [['send', key, 'hi'], ['show', key], ['attach', key, '--create']]) {
			const result = await tether(...args);
			expect(result.code).toBe(2);
			expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(reason)]);
		}
	});
});

/** What the user wrote in session `name`, in order. */
async function texts(tether: (...args: string[]) => Promise<{stdout: string}>, name: string): Promise<string[]> {
	const data = JSON.parse((await tether('show', name, '--json')).stdout) as {messages: Array<{role: string; text: string}>};
	return data.messages.filter(m => m.role === 'user').map(m => m.text);
}

describe('a session is one conversation, whatever its name', () => {
	it('gives a new session under a renamed session\'s old name a conversation of its own', async () => {
		const {tether} = await environment();
		await tether('send', 'r1', 'one');
		await tether('rename', 'r1', 'r2');
		await tether('send', 'r1', 'two');
		await tether('send', 'r2', 'three');
		expect(await texts(tether, 'r1')).toEqual(['two']);
		expect(await texts(tether, 'r2')).toEqual(['one', 'three']);
	});

	it('never brings a removed session\'s text back under a new session of the same name', async () => {
		const {tether} = await environment();
		await tether('send', 'secretx', 'the launch code is 0000');
		await tether('rm', 'secretx', '--yes');
		expect((await tether('ls')).stdout).not.toContain('secretx');
		expect((await tether('attach', 'secretx')).code).toBe(1);
		await tether('send', 'secretx', 'hello again');
		expect(await texts(tether, 'secretx')).toEqual(['hello again']);
		expect((await tether('show', 'secretx')).stdout).not.toContain('launch code');
	});

	it('keeps the gateway key of a session named by a full key, and the default key for a name\'s first session', async () => {
		const {tether, gateway} = await environment();
		await tether('send', 'agent:main:k', 'by key');
		await tether('send', 'fresh', 'first of its name');
		expect(gateway.chat.chatHistory('agent:main:k').messages[0]).toMatchObject({content: 'by key'});
		expect(gateway.chat.chatHistory('agent:main:fresh').messages[0]).toMatchObject({content: 'first of its name'});
	});
});

describe('a session only the gateway has', () => {
	it('is shown with a hint to attach it, not to create it', async () => {
		const {tether, gateway} = await environment();
		await gateway.chat.send('agent:main:telegram-7', 'from the phone', 'tg-7');
		await gateway.chat.idle();
		const shown = await tether('show', 'telegram-7');
		expect(shown.code).toBe(1);
		expect(shown.stderr).toBe('tether: session telegram-7 is on the gateway but not saved here; tether attach telegram-7 saves it and opens it\n');
	});
});

describe('the trash', () => {
	it('keeps every removed copy, restores the latest and lists the others', async () => {
		const {tether} = await environment();
		await tether('send', 'note', 'first draft');
		await tether('rm', 'note', '--yes');
		await tether('send', 'note', 'second draft');
		await tether('rm', 'note', '--yes');
		const restored = await tether('restore', 'note');
		expect(restored.code).toBe(0);
		expect(restored.stdout).toMatch(/^restored note, removed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n1 older copy of note stays in the trash, removed /);
		expect(await texts(tether, 'note')).toEqual(['second draft']);
		await tether('rename', 'note', 'note-2');
		expect((await tether('restore', 'note')).stdout).toMatch(/^restored note, removed [^\n]*\n$/);
		expect(await texts(tether, 'note')).toEqual(['first draft']);
		expect(await tether('restore', 'note')).toMatchObject({code: 1, stderr: 'tether: no session named note in the trash\n'});
	});
});
