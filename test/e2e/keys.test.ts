import {describe, expect, it} from 'vitest';
import {testToken, type testGateway} from '../helpers.js';
import {chat as chatIn, terminal, tether, tmuxMissing} from './tmux.js';

/** Tether in a terminal; in an interactive shell (with job control) when `inShell`. */
async function chat(inShell = false) {
	return chatIn({inShell});
}

const sent = (gateway: Awaited<ReturnType<typeof testGateway>>) => gateway.chat.chatHistory('main').messages.filter(row => row.role === 'user').map(row => row.content);

describe.skipIf(tmuxMissing)('keys in the composer', () => {
	it('Delete deletes forward and Backspace backward; control keys that arrive in one read are taken one by one', async () => {
		const {term} = await chat();
		await term.waitFor('● connected');
		term.type('abcd', 'Left', 'Left', 'DC', 'BSpace');
		await term.waitFor('› ad');
		term.type('Enter');
		await term.waitFor('You said: “ad”');
		term.type('one two three');
		await term.waitFor('› one two three');
		// One send-keys: both bytes reach Tether in a single read, and none of them goes into the draft.
		term.type('C-w', 'C-w');
		await term.waitFor(/› one ?\n/);
		term.type('C-a', 'C-a', 'x', 'BSpace', 'BSpace', 'BSpace');
		term.type('zero ', 'Enter');
		await term.waitFor('You said: “zero one');
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
		// Whole lines pasted, the last line break too: kept until Enter.
		term.paste('alpha\nbeta\n', false);
		await term.waitFor(/› alpha\n +beta/);
		expect(sent(gateway)).toHaveLength(1);
		term.type('Enter');
		await term.waitFor('You said: “alpha');
		expect(sent(gateway)[1]).toMatch(/^alpha\nbeta\n?$/);
	});

	it('clears the composer on Ctrl+C, Up brings the text back, and a draft left at detach is there at reattach', async () => {
		const {term, gateway, env} = await chat();
		await term.waitFor('● connected');
		term.type('half a thought');
		await term.waitFor('› half a thought');
		term.type('C-c');
		// The composer is empty again (its hint, shown for 2 s, is tested in test/ui/app.test.tsx).
		await term.waitFor('message (Enter sends, ? help)');
		expect(term.screen()).not.toContain('› half a thought');
		term.type('Up');
		await term.waitFor('› half a thought');
		expect(sent(gateway)).toEqual([]);

		// Detached with it unsent (Ctrl+C twice): the next attach opens with it in the composer.
		term.type('C-c', 'C-c');
		const again = terminal(`exec ${tether} attach main --gateway ${gateway.url} --token ${testToken}`, env);
		await again.waitFor('● connected');
		await again.waitFor('› half a thought');
		again.type(' finished', 'Enter');
		await again.waitFor('You said: “half a thought finished”');
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
