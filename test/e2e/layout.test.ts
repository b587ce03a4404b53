import {execFileSync, spawnSync} from 'node:child_process';
import {createServer} from 'node:net';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Agent} from '../../source/gateway/agents.js';
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

/** An agent that streams `lines`, one a chunk, `everyMs` apart. */
function streaming(lines: readonly string[], everyMs: number): Agent {
	return {
		name: 'streaming',
		async *reply() {
			for (const [index, line] of lines.entries()) {
				await new Promise(resolve => setTimeout(resolve, everyMs));
				yield `${index === 0 ? '' : '\n'}${line}`;
			}
		},
	};
}

async function chatWith(agent: Agent, size: {columns: number; rows: number}) {
	const env = await environment();
	const gateway = await testGateway({dataDir: await tempDir(), agent});
	return terminal(`exec ${tether} --gateway ${gateway.url} --token ${testToken}`, env, size);
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe.skipIf(tmuxMissing)('a reply taller than the screen', () => {
	it('leaves one copy of itself in scrollback when its lines hold wide characters', async () => {
		// 20 lines of 60 CJK characters (120 columns each) in a 110×35 terminal, a line every 150 ms.
		const lines = Array.from({length: 20}, (_, i) => `行${String(i).padStart(2, '0')}${'漢'.repeat(57)}`);
		const term = await chatWith(streaming(lines, 150), {columns: 110, rows: 35});
		await term.waitFor('● connected');
		term.type('write wide', 'Enter');
		await term.waitFor(/行19/);
		await term.waitFor(/● connected(?!.*writing)/);
		const history = term.history();
		expect(count(history, 'assistant ·')).toBe(1);
		expect(count(history, '行00')).toBe(1);
		expect(count(history, '行19')).toBe(1);
	});

	it('leaves one copy of itself when its lines are indented with tabs', async () => {
		const lines = Array.from({length: 30}, (_, i) => `${'\t'.repeat(12)}tab${String(i).padStart(2, '0')}`);
		const term = await chatWith(streaming(lines, 100), {columns: 80, rows: 24});
		await term.waitFor('● connected');
		term.type('write tabs', 'Enter');
		await term.waitFor(/tab29/);
		await term.waitFor(/● connected(?!.*writing)/);
		const history = term.history();
		expect(count(history, 'assistant ·')).toBe(1);
		expect(count(history, 'tab00')).toBe(1);
	});
});

describe.skipIf(tmuxMissing)('a draft taller than the screen', () => {
	it('scrolls inside the composer instead of copying itself into scrollback on every key', async () => {
		const term = await chatWith(streaming(['ok'], 0), {columns: 110, rows: 35});
		await term.waitFor('● connected');
		term.paste(Array.from({length: 34}, (_, i) => `draft line ${String(i + 1).padStart(2, '0')}`).join('\n'));
		await term.waitFor('row 34 of 34');
		for (const key of ['a', 'b', 'c', 'd', 'e']) {
			term.type(key);
		}

		const screen = await term.waitFor('draft line 34abcde');
		expect(screen).toContain('● connected');
		const history = term.history();
		expect(count(history, 'draft line 34')).toBe(1);
		expect(count(history, 'draft line 01')).toBe(0);
		term.type('Up');
		await term.waitFor('row 33 of 34');
	});
});

describe.skipIf(tmuxMissing)('the help', () => {
	it('fits an 80×24 screen, and closing it leaves the conversation as it was', async () => {
		const term = await chatWith(streaming(['the answer is 42'], 0), {columns: 80, rows: 24});
		await term.waitFor('● connected');
		term.type('question', 'Enter');
		await term.waitFor('the answer is 42');
		await term.waitFor(/● connected(?!.*writing)/);
		term.type('?');
		const open = await term.waitFor('Esc closes');
		expect(open).toContain('╭');
		expect(open).toContain('● connected');
		term.type('Escape');
		const closed = await term.waitFor(screen => !screen.includes('Esc closes'));
		expect(closed).toContain('the answer is 42');
		expect(count(term.history(), 'the answer is 42')).toBe(1);
	});

	it('reads at 40×12: whole phrases, scrolled with the arrows', async () => {
		const term = await chatWith(streaming(['ok'], 0), {columns: 40, rows: 12});
		await term.waitFor('connected');
		term.type('?');
		const open = await term.waitFor('Esc closes');
		expect(open).toContain('Keys');
		expect(open).toContain('  send');
		// More presses than the help has lines at this width (about 100), so it must stop at its end.
		term.type('-N', '200', 'Down');

		// Scrolled to its end, and no further.
		const end = await term.waitFor('is sent to the gateway');
		expect(end).toContain('Esc closes');
	});
});
