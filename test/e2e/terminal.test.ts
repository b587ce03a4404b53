import {execFile, execFileSync} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import type {Agent} from '../../source/gateway/agents.js';
import {freePort, patience, tempDir, testGateway, testToken} from '../helpers.js';
import {bin, environment, terminal, tether, tmuxMissing} from './tmux.js';

if (tmuxMissing) {
	console.log(`terminal tests skipped: ${tmuxMissing}`);
}

describe.skipIf(tmuxMissing)('in a real terminal', () => {
	it('chats, detaches, and shows the conversation again on reattach', async () => {
		const env = await environment();
		const term = terminal(`${tether}; echo "exited $?"; sleep 30`, env);
		await term.waitFor('● connected');
		term.type('hi e2e', 'Enter');
		await term.waitFor('You said: “hi e2e”');
		await term.waitFor(/● connected.*\? help/);
		// Twice within the window (the hint it shows for 2 s is tested in test/ui/app.test.tsx).
		term.type('C-c', 'C-c');
		await term.waitFor('exited 0');

		const again = terminal(`${tether} attach main`, env);
		// A reply the first client left before its end is the TUI's to draw, a moment after the saved transcript.
		const screen = await again.waitFor('You said: “hi e2e”');
		expect(screen).toContain('── main · 2 message(s) ──');
		expect(screen).toContain('hi e2e');
	});

	it('names the embedded agent in the status line, and says in the transcript when the settings ask for another', async () => {
		const env = await environment();
		execFileSync(process.execPath, [bin, 'send', 'main', 'hello'], {env});
		execFileSync(process.execPath, [bin, 'config', 'set', 'agent.base_url', 'http://127.0.0.1:11434/v1'], {env});
		execFileSync(process.execPath, [bin, 'config', 'set', 'agent.model', 'llama3.2'], {env});
		const term = terminal(`exec ${tether}`, env);
		// After the session and (once the gateway has said it) the model's label: `· main · echo · embedded · offline echo`.
		await term.waitFor(/● connected.* · main · (?:.* · )?embedded · offline echo/);
		// A notice wider than the terminal wraps: compare the words.
		const words = (screen: string) => screen.replaceAll(/[\s│─]+/g, ' ');
		const notice = 'the embedded gateway runs offline echo, but your settings ask for llama3.2 @ 127.0.0.1:11434: tether serve --restart restarts it with yours';
		await term.waitFor(screen => words(screen).includes(notice));
	});

	it('resumes by itself after the client is stopped and continued, as after a laptop sleep', async () => {
		const env = await environment();
		const term = terminal(`exec ${tether}`, env);
		await term.waitFor('● connected');
		process.kill(term.pid(), 'SIGSTOP');
		await new Promise(resolve => setTimeout(resolve, 1500));
		process.kill(term.pid(), 'SIGCONT');
		term.type('still there', 'Enter');
		await term.waitFor('You said: “still there”');
		expect(term.screen()).toContain('● connected');
	});

	it('keeps a hostile reply from changing the terminal title or screen', async () => {
		const env = await environment();
		const hostile: Agent = {
			name: 'hostile',
			async *reply() {
				yield 'safe \u001B]2;pwned\u0007';
				yield 'text \u001B[2J\u001B[H\u001B]52;c;ZXZpbA==\u0007';
				yield 'ends \u001B]';
				yield '0;split title\u0007here';
			},
		};
		const gateway = await testGateway({dataDir: await tempDir(), agent: hostile});
		const term = terminal(`exec ${tether} --gateway ${gateway.url} --token ${testToken}`, env);
		await term.waitFor('● connected');
		const title = term.title();
		term.type('go', 'Enter');
		await term.waitFor('safe text ends here');
		expect(term.title()).toBe(title);
		expect(term.screen()).toContain('── main · 0 message(s) ──');
	});
});

describe.skipIf(tmuxMissing)('messages typed while the gateway is down', () => {
	it('are shown as queued, survive a killed client, and are delivered once, in order, on the next attach', {timeout: 4 * patience}, async () => {
		const env = await environment();
		const port = await freePort();
		const url = `ws://127.0.0.1:${port}`;
		const first = terminal(`${tether} --gateway ${url} --token ${testToken}; sleep 30`, env);
		await first.waitFor('connecting');
		for (let i = 1; i <= 20; i++) {
			first.type(`queued ${i}`, 'Enter');
			// One message each: keys read together with the next message's would make a line break of its Enter.
			await first.waitFor(`${i} queued`);
		}

		expect(first.screen()).toMatch(/you · .* · queued/);
		// The session's lock names the client's pid: kill exactly that process, with no chance to clean up.
		const client = Number((await readFile(path.join(env.TETHER_SESSIONS_DIR, 'main.json.lock'), 'utf8')).split(' ')[0]);
		process.kill(client, 'SIGKILL');

		const gateway = await testGateway({dataDir: await tempDir(), port});
		const second = terminal(`exec ${tether} attach main --gateway ${url} --token ${testToken}`, env);
		await second.waitFor('You said: “queued 20”', patience);
		const users = gateway.chat.chatHistory('main').messages.filter(row => row.role === 'user');
		expect(users.map(row => row.content)).toEqual(Array.from({length: 20}, (_, i) => `queued ${i + 1}`));
	});
});

describe.skipIf(tmuxMissing)('finding sessions from the terminal', () => {
	it('opens the browser, filters, and attaches another session', async () => {
		const env = await environment();
		for (const name of ['alpha', 'kubernetes-notes', 'zeta']) {
			execFileSync(process.execPath, [bin, 'send', name, `hello ${name}`], {env});
		}

		const term = terminal(`${tether} attach alpha; sleep 30`, env);
		await term.waitFor('● connected');
		term.type('/sessions', 'Enter');
		await term.waitFor('3/3');
		term.type('kub');
		await term.waitFor('1/3');
		term.type('Enter');
		await term.waitFor(/● connected .* kubernetes-notes/);
		expect(term.screen()).toContain('hello kubernetes-notes');
	});

	it('attaches a session that only the gateway has, building the file from its history', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		await gateway.chat.send('agent:main:from-telegram', 'written on my phone', 'tg-1');
		await gateway.chat.idle();
		const term = terminal(`${tether} attach from-telegram --gateway ${gateway.url} --token ${testToken}; sleep 30`, env);
		await term.waitFor('written on my phone');
		await term.waitFor('2 new since you left');
		expect(JSON.parse(execFileSync(process.execPath, [bin, 'show', 'from-telegram', '--json'], {env, encoding: 'utf8'})).gateway.sessionKey).toBe('agent:main:from-telegram');
	});

	it('attaches another agent\'s gateway session by the full key ls shows', async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		await gateway.chat.send('agent:ops:deploys', 'deploy finished', 'ops-1');
		await gateway.chat.idle();
		const flags = ['--gateway', gateway.url, '--token', testToken];
		// Not execFileSync: the gateway runs in this process and must answer.
		expect((await promisify(execFile)(process.execPath, [bin, 'ls', ...flags], {env})).stdout).toMatch(/^agent:ops:deploys +.*agent:ops:deploys/m);
		const term = terminal(`${tether} attach agent:ops:deploys ${flags.join(' ')}; sleep 30`, env);
		await term.waitFor('deploy finished');
		await term.waitFor('● connected');
		expect(JSON.parse(execFileSync(process.execPath, [bin, 'show', 'agent:ops:deploys', '--json'], {env, encoding: 'utf8'})).gateway.sessionKey).toBe('agent:ops:deploys');
	});
});

describe.skipIf(tmuxMissing)('when the gateway goes away and comes back', () => {
	it('says reconnecting, queues what you type, and sends it once when the gateway is back', {timeout: 4 * patience}, async () => {
		const env = await environment();
		const dataDir = await tempDir();
		let gateway = await testGateway({dataDir});
		const {port} = gateway;
		const term = terminal(`${tether} --gateway ${gateway.url} --token ${testToken}; sleep 30`, env);
		await term.waitFor('● connected');
		await gateway.close();
		await term.waitFor(/◌ (re)?connecting/);
		term.type('while you were gone', 'Enter');
		await term.waitFor('1 queued');
		gateway = await testGateway({dataDir, port});
		await term.waitFor('You said: “while you were gone”', patience);
		await term.waitFor('● connected');
		const users = gateway.chat.chatHistory('main').messages.filter(row => row.role === 'user');
		expect(users.map(row => row.content)).toEqual(['while you were gone']);
	});
});
