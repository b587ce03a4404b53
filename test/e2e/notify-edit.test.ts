/** Notifications, focus reporting and the external editor, in a real terminal (tmux). */
import {chmod, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {tempDir, waitFor} from '../helpers.js';
import {environment, terminal, tether, tmuxMissing} from './tmux.js';

describe.skipIf(tmuxMissing)('notifications and the editor in a real terminal', () => {
	it('asks for focus reports, takes none as typing, notifies a reply that ends unfocused, and stops the reports on exit', async () => {
		const [env, root] = await Promise.all([environment({'tui.notify': 'osc9'}), tempDir()]);
		const output = path.join(root, 'pane-output');
		const term = terminal(`${tether}; echo "exited $?"; sleep 30`, env);
		await term.waitFor('● connected');
		term.tmux('pipe-pane', '-o', `cat >> ${output}`);
		// What a terminal sends when its window loses focus (CSI O), as the terminal would.
		term.tmux('send-keys', '-H', '1b', '5b', '4f');
		term.type('away', 'Enter');
		await term.waitFor('You said: “away”');
		await waitFor(async () => (await readFile(output, 'utf8').catch(() => '')).includes(']9;tether · main: I am Tether'), 'the notification is written');
		const written = await readFile(output, 'utf8');
		// Inside tmux it goes through tmux's passthrough (allow-passthrough on lets it out).
		expect(written).toContain('\u001BPtmux;\u001B\u001B]9;tether · main: I am Tether\'s offline agent');
		expect(term.screen()).not.toMatch(/\[O|❯ O/);
		term.type('C-c');
		await term.waitFor('press Ctrl+C again');
		term.type('C-c');
		await term.waitFor('exited 0');
		await waitFor(async () => (await readFile(output, 'utf8')).includes('\u001B[?1004l'), 'focus reporting is turned off');
	});

	it('edits the draft in $EDITOR with Ctrl+X Ctrl+E, and sends what was saved', async () => {
		const [env, root] = await Promise.all([environment(), tempDir()]);
		const editor = path.join(root, 'fake-editor');
		await writeFile(editor, '#!/bin/sh\nprintf "%s from the editor\\n" "$(cat "$1")" > "$1"\n');
		await chmod(editor, 0o755);
		const term = terminal(tether, {...env, EDITOR: editor, VISUAL: ''});
		await term.waitFor('● connected');
		term.type('my draft');
		await term.waitFor('my draft');
		term.type('C-x', 'C-e');
		await term.waitFor('my draft from the editor');
		// Typed ahead of the chord, in the same read.
		term.type(' and more', 'C-x', 'C-e');
		await term.waitFor('my draft from the editor and more from the editor');
		term.type('Enter');
		await term.waitFor('You said: “my draft from the editor and more from the editor”');
	});
});
