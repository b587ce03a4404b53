/** /copy (OSC 52) and editing the draft in $VISUAL/$EDITOR (Ctrl+X Ctrl+E, /edit), in the TUI and with a real editor process. */
import {chmod, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';
import type {Message} from '../../source/model/message.js';
import {ChatSession} from '../../source/session/session.js';
import {SessionStore} from '../../source/store/session-store.js';
import {App} from '../../source/ui/App.js';
import {editInEditor, editorCommand} from '../../source/ui/external-editor.js';
import {reply, userMessage} from '../builders.js';
import {onCleanup, tempDir, waitFor} from '../helpers.js';

afterEach(cleanup);

async function sessionWith(messages: Message[]) {
	const store = await SessionStore.open(await tempDir(), 'main', 'create');
	store.update(data => ({...data, messages}));
	// The endpoint never answers: nothing here needs the gateway.
	const session = new ChatSession(store, new Link({endpoint: async () => new Promise<never>(() => undefined), policy: defaultLinkPolicy}));
	onCleanup(async () => session.close());
	return session;
}

const typeLine = async (stdin: {write(data: string): void}, text: string) => {
	stdin.write(text);
	await new Promise(resolve => setTimeout(resolve, 20));
	stdin.write('\r');
};

const clipboard = (text: string) => `\u001B]52;c;${Buffer.from(text).toString('base64')}\u0007`;

describe('/copy', () => {
	const messages = [userMessage('first?'), reply('a', 'the first answer', {at: '2026-11-24T10:00:01.000Z'}), userMessage('second?'), reply('b', 'the second answer', {at: '2026-11-24T10:05:00.000Z'})];

	it('puts the last reply on the clipboard by OSC 52 and says what it copied', async () => {
		const session = await sessionWith(messages);
		const {stdin, stdout, lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} env={{}} />);
		await typeLine(stdin, '/copy');
		await waitFor(() => lastFrame()?.includes('copied the last reply (10:05 UTC, 17 characters)') ?? false, 'the notice');
		expect(stdout.frames).toContain(clipboard('the second answer'));
		expect(session.messages).toHaveLength(4); // nothing sent
	});

	it('copies the Nth reply from the end, wrapped for tmux inside tmux, and says when there is none', async () => {
		const session = await sessionWith(messages);
		const {stdin, stdout, lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} env={{TMUX: '/tmp/tmux-1/default,1,0'}} />);
		await typeLine(stdin, '/copy 2');
		await waitFor(() => lastFrame()?.includes('copied reply 2 back (10:00 UTC') ?? false, 'the notice');
		const wrapped = `\u001BPtmux;${clipboard('the first answer').replaceAll('\u001B', '\u001B\u001B')}\u001B\\`;
		expect(stdout.frames).toContain(wrapped);
		await typeLine(stdin, '/copy 3');
		await waitFor(() => lastFrame()?.includes('only 2 replies here; /copy 2 is the first') ?? false, 'the refusal');
		await typeLine(stdin, '/copy last');
		await waitFor(() => lastFrame()?.includes('usage: /copy [N]') ?? false, 'the usage');
	});
});

describe('editing the draft in an editor', () => {
	it('opens the draft with Ctrl+X Ctrl+E and puts back what the editor saved', async () => {
		const session = await sessionWith([]);
		const drafts: string[] = [];
		const editText = async (draft: string) => {
			drafts.push(draft);
			return `${draft} and a second\nline`;
		};

		const {stdin, lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} editText={editText} />);
		stdin.write('a draft');
		await waitFor(() => lastFrame()?.includes('a draft') ?? false, 'typed');
		stdin.write('\u0018');
		stdin.write('\u0005');
		await waitFor(() => lastFrame()?.includes('line') ?? false, 'the edited draft is back');
		expect(drafts).toEqual(['a draft']);
		expect(lastFrame()).toContain('a draft and a second');
		expect(session.messages).toHaveLength(0); // back in the composer, not sent
		// Ctrl+X then another key is that key: Ctrl+E alone goes to the end of the line, as before.
		stdin.write('\u0018');
		stdin.write('!');
		await waitFor(() => lastFrame()?.includes('line!') ?? false, 'typed after Ctrl+X');
		expect(drafts).toHaveLength(1);
	});

	it('opens the editor with /edit, and keeps the draft, saying why, when the editor fails', async () => {
		const session = await sessionWith([]);
		const editText = async (draft: string) => {
			throw new Error(`the editor false exited 1; the message is as it was (${draft})`);
		};

		const {stdin, lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} editText={editText} />);
		await typeLine(stdin, '/edit start here');
		await waitFor(() => lastFrame()?.includes('the editor false exited 1; the message is as it was (start here)') ?? false, 'the failure');
		expect(session.messages).toHaveLength(0);
	});

	it('runs $VISUAL, else $EDITOR, on a temp file and reads back what it saved', async () => {
		const dir = await tempDir();
		const editor = path.join(dir, 'fake-editor');
		// What a user does in the editor: reads the draft, writes a longer one (and the trailing newline editors add).
		await writeFile(editor, '#!/bin/sh\nprintf "%s, edited\\nby %s\\n" "$(cat "$1")" "$0" > "$1"\n');
		await chmod(editor, 0o755);
		expect(await editInEditor('my draft', {PATH: process.env.PATH, EDITOR: editor})).toBe(`my draft, edited\nby ${editor}`);
		expect(await editInEditor('x', {PATH: process.env.PATH, VISUAL: editor, EDITOR: 'false'})).toBe(`x, edited\nby ${editor}`);
		await expect(editInEditor('kept', {PATH: process.env.PATH, EDITOR: 'false'})).rejects.toThrow('the editor false exited 1; the message is as it was');
		expect(editorCommand({})).toBe('vi');
	});
});
