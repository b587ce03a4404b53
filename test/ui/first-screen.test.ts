import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {SessionStore} from '../../source/store/session-store.js';
import {eraseFooter, printFirstScreen, printNewSession} from '../../source/ui/first-screen.js';
import {printHeader} from '../../source/ui/print.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

async function saved(messages: ReturnType<typeof userMessage>[], options: {keepOpen?: boolean} = {}) {
	const dir = await tempDir();
	const store = await SessionStore.open(dir, 'main', 'create');
	store.update(data => ({...data, messages}));
	await (options.keepOpen ? store.flush() : store.close());
	return {file: path.join(dir, 'main.json'), store};
}

function screen(rows = 10) {
	const written: string[] = [];
	return {columns: 100, rows, write: (text: string) => written.push(text), written};
}

const many = Array.from({length: 200}, (_, i) => (i % 2 === 0 ? userMessage(`question ${i}`, {id: `m${i}`}) : reply(`run-${i}`, `**answer** ${i}`, {id: `m${i}`})));

describe('the first screen of a reattach', () => {
	it('prints the header and the last messages that fit, before the TUI loads', async () => {
		const {file} = await saved(many);
		const out = screen();
		const first = await printFirstScreen(file, 'main', out);
		const text = out.written.join('').replaceAll(/\u001B\[\?2026[hl]/g, '');
		// Only the end of the file was read: the header does not count what it did not read.
		expect(text).toMatch(/^── main · earlier messages not shown \(tether show main\) ──\n/);
		expect(text).toContain('answer 199');
		expect(text).not.toContain('question 0\n');
		expect(first).toEqual({lastPrinted: 'm199', footerLines: 3});
	});

	it('counts the messages of a session read whole', async () => {
		const {file} = await saved(many.slice(0, 30));
		const out = screen();
		await printFirstScreen(file, 'main', out);
		expect(out.written.join('')).toMatch(/── main · 30 message\(s\) · \d+ earlier not shown \(tether show main\) ──/);
		const short = await saved(many.slice(0, 2));
		const all = screen();
		await printFirstScreen(short.file, 'main', all);
		expect(all.written.join('')).toContain('── main · 2 message(s) ──');
	});

	it('leaves a message still on its way, and what follows it, to the TUI', async () => {
		const {file} = await saved([userMessage('sent', {id: 'a'}), userMessage('still queued', {id: 'b', status: 'queued'}), reply('run', 'later', {id: 'c'})]);
		const out = screen();
		expect(await printFirstScreen(file, 'main', out)).toEqual({lastPrinted: 'a', footerLines: 3});
		expect(out.written.join('')).not.toContain('still queued');
	});

	it('reads what is still in the journal', async () => {
		const {file, store} = await saved([userMessage('from the file', {id: 'a'})], {keepOpen: true});
		store.update(data => ({...data, messages: [...data.messages, reply('run', 'from the journal', {id: 'b'})]}));
		await store.flush();
		await store.close(); // folds the journal in: write it again by hand to read it before that
		const out = screen();
		await writeFile(`${file}.journal`, `${JSON.stringify({tails: {messages: [1, [reply('run', 'only in the journal', {id: 'c'})]]}})}\n`);
		expect(await printFirstScreen(file, 'main', out)).toEqual({lastPrinted: 'c', footerLines: 3});
		expect(out.written.join('')).toContain('only in the journal');
	});

	it('prints nothing for a session another client holds, or a file it cannot read', async () => {
		const {file, store} = await saved(many, {keepOpen: true});
		expect(await printFirstScreen(file, 'main', screen())).toBeUndefined();
		await store.close();
		await writeFile(file, '{"messages": [{"id": 1}]}');
		expect(await printFirstScreen(file, 'main', screen())).toBeUndefined();
	});
});

describe('the first frame of a session with no history', () => {
	it('is printed before the TUI loads, as for a long one: the header, and a stand-in composer and status line', async () => {
		const {file} = await saved([]);
		const out = screen();
		expect(await printFirstScreen(file, 'main', out)).toEqual({lastPrinted: undefined, footerLines: 3});
		const empty = out.written.join('').replaceAll(/\u001B\[[\d;?]*[a-zA-Z]/g, '');
		const fresh = {...screen(), gateway: 'ws://127.0.0.1:1'};
		expect(printNewSession('new', fresh)).toEqual({lastPrinted: undefined, footerLines: 3});
		const created = fresh.written.join('').replaceAll(/\u001B\[[\d;?]*[a-zA-Z]/g, '');
		for (const [text, name] of [[empty, 'main'], [created, 'new']] as const) {
			expect(text).toContain(`── ${name} · 0 message(s) ──`);
			expect(text).toContain('›  message (saved now, sent when the link is back)');
			expect(text).toContain(`◌ connecting · ${name}`);
		}
	});

	it('fits its stand-in lines and its header to a narrow screen: each line one row, the header going on indented', () => {
		const plain = (text: string) => text.replaceAll(/\u001B\[[\d;?]*[a-zA-Z]/g, '');
		const narrow = {...screen(), columns: 40};
		printNewSession('tiny', narrow);
		const lines = plain(narrow.written.join('')).split('\n').filter(line => line !== '');
		expect(lines.every(line => line.length <= 40)).toBe(true);
		expect(lines).toHaveLength(3); // the header, the composer, the status line: what eraseFooter takes back and more
		expect(plain(printHeader('── helpt · 4 message(s) · 1 earlier not shown (tether show helpt) ──', 60)).split('\n')).toEqual([
			'── helpt · 4 message(s) · 1 earlier not shown (tether',
			'   show helpt) ──',
		]);
	});

	it('gives the stand-in lines back to the TUI: the cursor goes up over them and erases below', () => {
		const written: string[] = [];
		eraseFooter({lastPrinted: undefined, footerLines: 3}, text => written.push(text));
		expect(written).toEqual(['\r\u001B[3A\u001B[J']);
	});
});
