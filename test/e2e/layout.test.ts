import {describe, expect, it} from 'vitest';
import type {Agent} from '../../source/gateway/agents.js';
import {chat, tmuxMissing} from './tmux.js';

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
	return (await chat({agent, size})).term;
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

describe.skipIf(tmuxMissing)('a markdown table wider than the screen', () => {
	it('fits 80 columns: cells wrap inside whole borders instead of tearing them', async () => {
		const cell = 'abcdefgh ijklmnop qrstuvwx'; // 26 characters: three of them and their borders take 88 columns
		const table = `| one | two | three |\n|---|:---:|---:|\n| ${cell} | ${cell} | ${cell} |\n| a | b | c |`;
		const term = await chatWith(streaming([table], 0), {columns: 80, rows: 24});
		await term.waitFor('● connected');
		term.type('a table please', 'Enter');
		await term.waitFor(/└─+┴─+┴─+┘/);
		const rows = term.screen().split('\n').filter(line => /[┌├└│]/.test(line));
		expect(rows.length).toBeGreaterThan(5);
		// Every line of the grid opens and closes with a border, and the three top corners are on one line.
		expect(rows.every(line => /^ {2}[┌├└│].*[┐┤┘│] *$/.test(line))).toBe(true);
		expect(rows.filter(line => line.includes('┌'))).toHaveLength(1);
		expect(count(term.history(), 'qrstuvwx')).toBe(3);
	});
});

describe.skipIf(tmuxMissing)('a draft taller than the screen', () => {
	it('scrolls inside the composer instead of copying itself into scrollback on every key, and is printed once when sent', async () => {
		const term = await chatWith(streaming(['ok', 'done'], 500), {columns: 110, rows: 35});
		await term.waitFor('● connected');
		term.paste(Array.from({length: 34}, (_, i) => `draft line ${String(i + 1).padStart(2, '0')}`).join('\n'));
		await term.waitFor('row 34 of 34');
		for (const key of ['a', 'b', 'c', 'd', 'e']) {
			term.type(key);
		}

		const screen = await term.waitFor('draft line 34abcde');
		expect(screen).toContain('● connected');
		let history = term.history();
		expect(count(history, 'draft line 34')).toBe(1);
		expect(count(history, 'draft line 01')).toBe(0);
		term.type('Up');
		await term.waitFor('row 33 of 34');
		// Sent, it is taller than the screen while on its way (the live area shows its end), then printed once.
		term.type('Enter');
		await term.waitFor(/done\n(.*\n)*.*● connected/);
		history = term.history();
		expect(count(history, 'draft line 01')).toBe(1);
		expect(count(history, 'draft line 34abcde')).toBe(1);
		expect(count(history, 'you ·')).toBe(1);
	});
});

describe.skipIf(tmuxMissing)('the help', () => {
	it('fits an 80×24 screen; closing it leaves the conversation and the scrollback as they were, and shows a reply that ended meanwhile', async () => {
		const {term} = await chat({agent: streaming(['the answer is 42'], 1000), size: {columns: 80, rows: 24}, inShell: true, before: 'seq -f SHELL-LINE-%g 1 30'});
		await term.waitFor('● connected');
		term.type('question', 'Enter');
		await term.waitFor('the answer is 42');
		await term.waitFor(/● connected(?!.*Esc stops)/);
		term.type('?');
		const open = await term.waitFor('Esc closes');
		expect(open).toContain('╭');
		expect(open).toContain('● connected');
		expect(term.tmux('display-message', '-p', '#{alternate_on}').trim()).toBe('1');
		term.type('Escape');
		// The help was on the alternate screen: closing it gives back the screen as it was, and the scrollback with
		// what the shell printed before Tether started; nothing of the help is left, nothing is printed twice.
		const closed = await term.waitFor(screen => !screen.includes('Esc closes') && screen.includes('the answer is 42') && screen.includes('● connected'));
		expect(closed).not.toContain('╭');
		expect(term.tmux('display-message', '-p', '#{alternate_on}').trim()).toBe('0');
		const history = term.history();
		expect(history).toContain('SHELL-LINE-1\n');
		expect(count(history, 'the answer is 42')).toBe(1);
		expect(count(history, '● connected')).toBe(1);
		// A reply that ends behind the help (the status line below it stops saying Esc stops it) is printed, once,
		// when the help closes, and the conversation goes on below it as before.
		term.type('again', 'Enter');
		await term.waitFor('waiting for the model');
		term.type('?');
		await term.waitFor('Esc closes');
		await term.waitFor(screen => screen.includes('Esc closes') && !screen.includes('Esc stops'));
		term.type('Escape');
		await term.waitFor(() => count(term.history(), 'the answer is 42') === 2);
		expect(count(term.history(), '● connected')).toBe(1);
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

describe.skipIf(tmuxMissing)('resizing the terminal', () => {
	it('keeps what the shell printed before Tether started, and draws the conversation again at the new width', async () => {
		const {term} = await chat({inShell: true, before: 'echo SHELL-BEFORE-TETHER', size: {columns: 100, rows: 20}});
		await term.waitFor('● connected');
		term.type('hi', 'Enter');
		await term.waitFor('“hi”');
		term.tmux('resize-window', '-x', '60');
		// The reprint at 60 columns: the reply's words wrapped to the narrower screen, the composer and status below.
		await term.waitFor(screen => screen.includes('“hi”') && screen.split('\n').every(line => line.length <= 60) && screen.includes('● connected'));
		expect(term.history()).toContain('SHELL-BEFORE-TETHER');
		term.tmux('resize-window', '-x', '90');
		await term.waitFor(screen => screen.includes('“hi”') && screen.split('\n').some(line => line.length > 60) && screen.includes('● connected'));
		expect(term.history()).toContain('SHELL-BEFORE-TETHER');
	});
});

