/** One session, several terminals (issue 17): taking a session over, watching it read-only, and /switch to one held elsewhere. */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cliEnvironment, freePort, patience, tempDir, testGateway, testToken} from '../helpers.js';
import {terminal, tether, tmuxMissing} from './tmux.js';

async function environment(): Promise<NodeJS.ProcessEnv> {
	return {...(await cliEnvironment()), TERM: 'xterm-256color'};
}

/** The pid in a session's lock file. */
async function lockPid(env: NodeJS.ProcessEnv, name: string): Promise<number> {
	return Number((await readFile(path.join(env.TETHER_SESSIONS_DIR!, `${name}.json.lock`), 'utf8')).split(' ')[0]);
}

describe.skipIf(tmuxMissing)('a session open in another terminal', () => {
	it('is taken over with attach -d: the other terminal saves, says so and exits 0, and its queued message is sent once, by the new one', {timeout: 3 * patience}, async () => {
		const env = await environment();
		const port = await freePort();
		const link = `--gateway ws://127.0.0.1:${port} --token ${testToken}`;
		const old = terminal(`${tether} attach main --create ${link}; echo "exited $?"; sleep 30`, env);
		await old.waitFor('connecting');
		old.type('typed before the wake', 'Enter');
		await old.waitFor('1 queued');
		const oldPid = await lockPid(env, 'main');

		const fresh = terminal(`${tether} attach main -d ${link}; echo "exited $?"; sleep 30`, env);
		const left = await old.waitFor('exited 0');
		expect(left).toContain(`main was taken over by another terminal (pid `);
		expect(left).toContain('everything here is saved; tether attach main -d takes it back');
		await fresh.waitFor(`took main over from pid ${oldPid}, which saved and detached`);
		await fresh.waitFor('1 queued');
		expect(await lockPid(env, 'main')).not.toBe(oldPid);

		const gateway = await testGateway({dataDir: await tempDir(), port});
		await fresh.waitFor('You said: “typed before the wake”');
		const users = gateway.chat.chatHistory('main').messages.filter(row => row.role === 'user');
		expect(users.map(row => row.content)).toEqual(['typed before the wake']);

		// The OpenClaw-style spelling does the same.
		const freshPid = await lockPid(env, 'main');
		const third = terminal(`${tether} session attach main -d ${link}; echo "exited $?"; sleep 30`, env);
		expect(await fresh.waitFor('exited 0')).toContain('main was taken over by another terminal');
		await third.waitFor(`took main over from pid ${freshPid}, which saved and detached`);
		expect(gateway.chat.chatHistory('main').messages.filter(row => row.role === 'user')).toHaveLength(1);
	});

	it('is not left for by /switch, which says who has it and how to take it, and /switch NAME -d takes it', {timeout: 3 * patience}, async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		const link = `--gateway ${gateway.url} --token ${testToken}`;
		const other = terminal(`${tether} attach other --create ${link}; echo "exited $?"; sleep 30`, env);
		await other.waitFor('● connected');
		const otherPid = await lockPid(env, 'other');
		const here = terminal(`${tether} attach main --create ${link}; echo "exited $?"; sleep 30`, env);
		await here.waitFor('● connected');

		here.type('/switch other', 'Enter');
		await here.waitFor(`other is open in another terminal (pid ${otherPid}); /switch other -d takes it over`);
		// Still here, and still attached: no exit 1.
		expect(here.screen()).toMatch(/● connected.* main · /);
		expect(here.screen()).not.toContain('exited');

		here.type('/switch other -d', 'Enter');
		await other.waitFor('exited 0');
		await here.waitFor(`took other over from pid ${otherPid}`);
		await here.waitFor(/● connected.* other · /);
	});

	it('can be watched read-only: live, nothing sent or saved from there, and no lock taken', {timeout: 3 * patience}, async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		const link = `--gateway ${gateway.url} --token ${testToken}`;
		const writer = terminal(`${tether} attach main --create ${link}; echo "exited $?"; sleep 30`, env);
		await writer.waitFor('● connected');
		writer.type('before the watcher', 'Enter');
		await writer.waitFor('You said: “before the watcher”');
		const writerPid = await lockPid(env, 'main');

		const watcher = terminal(`${tether} attach main --read-only ${link}; echo "exited $?"; sleep 30`, env);
		await watcher.waitFor('read-only: main is written by another terminal; /quit leaves, tether attach main -d takes it over');
		await watcher.waitFor('You said: “before the watcher”');
		await watcher.waitFor('● connected');

		writer.type('while watched', 'Enter');
		await watcher.waitFor('You said: “while watched”');

		watcher.type('from the watcher', 'Enter');
		await watcher.waitFor(screen => screen.split('\n').filter(line => line.includes('read-only: main is written')).length === 2);
		watcher.type('/quit', 'Enter');
		await watcher.waitFor('exited 0');
		writer.type('after the watcher', 'Enter');
		await writer.waitFor('You said: “after the watcher”');

		expect(await lockPid(env, 'main')).toBe(writerPid);
		const users = gateway.chat.chatHistory('main').messages.filter(row => row.role === 'user');
		expect(users.map(row => row.content)).toEqual(['before the watcher', 'while watched', 'after the watcher']);
		writer.type('C-c');
		writer.type('C-c');
		await writer.waitFor('exited 0');
		const saved = await readFile(path.join(env.TETHER_SESSIONS_DIR!, 'main.json'), 'utf8');
		expect(saved).not.toContain('from the watcher');
	});
});

describe.skipIf(tmuxMissing)('the way back', () => {
	it('names npm start -- attach NAME when run by npm start in the checkout, tether attach NAME otherwise', {timeout: 3 * patience}, async () => {
		const env = await environment();
		const gateway = await testGateway({dataDir: await tempDir()});
		for (const [extra, hint] of [
			[{npm_lifecycle_event: 'start', npm_package_name: 'tether-chat'}, 'detached from x; npm start -- attach x to come back'],
			[{}, 'detached from x; tether attach x to come back'],
		] as const) {
			const term = terminal(`${tether} attach x --create --gateway ${gateway.url} --token ${testToken}; echo "exited $?"; sleep 30`, {...env, npm_lifecycle_event: '', ...extra});
			await term.waitFor('● connected');
			term.type('C-c');
			await term.waitFor('press Ctrl+C again');
			term.type('C-c');
			const screen = await term.waitFor('exited 0');
			expect(screen).toContain(hint);
		}
	});
});
