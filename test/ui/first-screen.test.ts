import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {SessionStore} from '../../source/store/session-store.js';
import {printFirstScreen} from '../../source/ui/first-screen.js';
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
		expect(text).toMatch(/^── main · 200 message\(s\) · \d+ earlier not shown \(tether show main\) ──\n/);
		expect(text).toContain('answer 199');
		expect(text).not.toContain('question 0\n');
		expect(first).toEqual({lastPrinted: 'm199'});
	});

	it('leaves a message still on its way, and what follows it, to the TUI', async () => {
		const {file} = await saved([userMessage('sent', {id: 'a'}), userMessage('still queued', {id: 'b', status: 'queued'}), reply('run', 'later', {id: 'c'})]);
		const out = screen();
		expect(await printFirstScreen(file, 'main', out)).toEqual({lastPrinted: 'a'});
		expect(out.written.join('')).not.toContain('still queued');
	});

	it('reads what is still in the journal', async () => {
		const {file, store} = await saved([userMessage('from the file', {id: 'a'})], {keepOpen: true});
		store.update(data => ({...data, messages: [...data.messages, reply('run', 'from the journal', {id: 'b'})]}));
		await store.flush();
		await store.close(); // folds the journal in: write it again by hand to read it before that
		const out = screen();
		await writeFile(`${file}.journal`, `${JSON.stringify({tails: {messages: [1, [reply('run', 'only in the journal', {id: 'c'})]]}})}\n`);
		expect(await printFirstScreen(file, 'main', out)).toEqual({lastPrinted: 'c'});
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
