import {execFileSync, spawnSync} from 'node:child_process';
import {createServer} from 'node:net';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {onCleanup, tempDir, testGateway, testToken} from '../helpers.js';
import {terminal, tmuxMissing} from './tmux.js';

const bin = path.resolve('bin/tether.js');
const tether = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)}`;

async function environment() {
	const root = await tempDir();
	const env = {
		...process.env,
		TETHER_CONFIG_DIR: path.join(root, 'config'),
		TETHER_SESSIONS_DIR: path.join(root, 'sessions'),
		TETHER_GATEWAY_DIR: path.join(root, 'gateway'),
		TERM: 'xterm-256color',
	};
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	execFileSync(process.execPath, [bin, 'config', 'set', 'embedded.port', String(port)], {env});
	onCleanup(() => void spawnSync(process.execPath, [bin, 'serve', '--stop'], {env, stdio: 'ignore'}));
	return env;
}

/** Tether in a terminal; in an interactive shell (with job control) when `inShell`. */
async function chat(inShell = false) {
	const env = await environment();
	const gateway = await testGateway({dataDir: await tempDir()});
	const line = `${tether} --gateway ${gateway.url} --token ${testToken}`;
	const term = terminal(inShell ? 'bash --norc --noprofile -i' : `exec ${line}`, env);
	if (inShell) {
		term.type(line, 'Enter');
	}

	return {term, gateway};
}

const sent = (gateway: Awaited<ReturnType<typeof testGateway>>) => gateway.chat.chatHistory('main').messages.filter(row => row.role === 'user').map(row => row.content);

describe.skipIf(tmuxMissing)('keys in the composer', () => {
	it('Delete deletes forward and Backspace backward', async () => {
		const {term} = await chat();
		await term.waitFor('● connected');
		term.type('abcd', 'Left', 'Left', 'DC', 'BSpace');
		await term.waitFor('› ad');
		term.type('Enter');
		await term.waitFor('You said: “ad”');
	});

	it('keeps a paste from a terminal without bracketed paste whole: its line breaks are new lines, not Enter', async () => {
		const {term, gateway} = await chat();
		await term.waitFor('● connected');
		term.paste('first\nsecond', false);
		await term.waitFor(/› first\n +second/);
		expect(sent(gateway)).toEqual([]);
		term.type('Enter');
		await term.waitFor('You said: “first');
		expect(sent(gateway)).toEqual(['first\nsecond']);
	});

	it('suspends on Ctrl+Z, and after fg reads keys in raw mode again and redraws', async () => {
		const {term} = await chat(true);
		await term.waitFor('● connected');
		term.type('C-z');
		await term.waitFor(/Stopped|suspended/i);
		term.type('fg', 'Enter');
		await term.waitFor('● connected');
		term.type('after fg');
		await term.waitFor('› after fg');
		term.type('Enter');
		const screen = await term.waitFor('You said: “after fg”');
		// In cooked mode the keys would echo as typed, below the status line.
		expect(screen.split('\n').filter(line => line.includes('after fg')).length).toBeLessThanOrEqual(2);
	});
});
