import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {readSession, readSessionEnd, SessionStore} from '../../source/store/session-store.js';
import {bufferBytes, readTail} from '../../source/store/session-tail.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

// Long enough (about 3 MB) that the file is scanned in several chunks.
const many = Array.from({length: 3000}, (_, i) =>
	i % 2 === 0 ? userMessage(`question ${i} ${'x'.repeat(900)}\n\t\t{`, {id: `m${i}`, serverId: `s${i}`}) : reply(`run-${i}`, `answer ${i} ü ${'y'.repeat(900)}`, {id: `m${i}`}),
);

async function saved(messages = many) {
	const dir = await tempDir();
	const store = await SessionStore.open(dir, 'main', 'create');
	store.update(data => ({...data, messages}));
	await store.close();
	return {dir, file: path.join(dir, 'main.json')};
}

describe('a long session opened with only its last messages in memory', () => {
	it('finds every message of a file read in chunks', async () => {
		const {file} = await saved();
		const read = await readTail(bufferBytes(await readFile(file)), () => false);
		expect(read?.total).toBe(3000);
		expect(read?.tail).toEqual(many);
	});

	it('keeps the last messages, counts the rest, and reads the rest back on demand', async () => {
		const {dir} = await saved();
		const store = await SessionStore.open(dir, 'main', 'attach', {keepMessages: 100});
		expect(store.data.messages).toEqual(many.slice(-100));
		expect(store.earlierCount).toBe(2900);
		const earlier: unknown[] = [];
		await store.readEarlier(group => earlier.push(...group));

		expect(earlier).toEqual(many.slice(0, 2900));
		await store.close();
	});

	it('saves journaled changes and rewrites the file with the earlier messages intact', async () => {
		const {dir, file} = await saved();
		const store = await SessionStore.open(dir, 'main', 'attach', {keepMessages: 10});
		const added = userMessage('one more', {id: 'new'});
		await store.commit(data => ({...data, messages: [...data.messages, added]}));
		// A reply growing in place: journaled as an edit of one element, by its index in the whole file.
		store.update(data => ({...data, messages: [...data.messages, reply('run-new', 'partial', {id: 'r', status: 'streaming'})]}));
		await store.flush();
		store.update(data => ({...data, messages: data.messages.map(m => (m.id === 'r' ? {...m, text: 'partial and the rest', status: 'final' as const} : m))}));
		await store.flush();
		const expected = [...many, added, reply('run-new', 'partial and the rest', {id: 'r'})];
		expect((await readSession(dir, 'main')).messages).toEqual(expected); // file + journal, read whole

		store.update(data => ({...data, gateway: {...data.gateway, historyCursor: 'a longer cursor than before'}}));
		await store.close(); // folds the journal in: a rewrite around the earlier messages
		expect((await readFile(`${file}.journal`, 'utf8').catch(() => 'gone'))).toBe('gone');
		const whole = await readSession(dir, 'main');
		expect(whole.messages).toEqual(expected);
		expect(whole.gateway.historyCursor).toBe('a longer cursor than before');
		// Written in the layout it was read in, so the next open leaves out the earlier ones again.
		const again = await SessionStore.open(dir, 'main', 'attach', {keepMessages: 10});
		expect(again.earlierCount).toBe(expected.length - 10);
		expect(again.data.messages).toEqual(expected.slice(-10));
		await again.close();
	});

	it('puts the earlier messages back whole when none are left in memory', async () => {
		const {dir, file} = await saved(many.slice(0, 30));
		const store = await SessionStore.open(dir, 'main', 'attach', {keepMessages: 10});
		await store.commit(data => ({...data, messages: []}));
		await store.close(); // folds the journal in: a rewrite with an empty window
		const written = await readFile(file, 'utf8');
		expect(JSON.parse(written).messages).toEqual(many.slice(0, 20));
		expect(written).toBe(`${JSON.stringify(JSON.parse(written), undefined, '\t')}\n`);
	});

	it('reads a file it cannot read in part, or one with a journal left by a crash, whole', async () => {
		const {dir, file} = await saved(many.slice(0, 50));
		await writeFile(file, JSON.stringify(JSON.parse(await readFile(file, 'utf8'))));
		const store = await SessionStore.open(dir, 'main', 'attach', {keepMessages: 10});
		expect(store.earlierCount).toBe(0);
		expect(store.data.messages).toHaveLength(50);
		await store.close();
	});

	it('refuses to rewrite a file changed under it rather than corrupt it', async () => {
		const {dir, file} = await saved();
		const store = await SessionStore.open(dir, 'main', 'attach', {keepMessages: 10});
		const before = await readFile(file, 'utf8');
		await writeFile(file, before.replace('"messages": [', '"messages": [ '));
		const changed = await readFile(file, 'utf8');
		await store.commit(data => ({...data, messages: [...data.messages, userMessage('journaled', {id: 'j'})]}));
		await expect(store.close()).rejects.toThrow(/was changed by something else while open/); // the rewrite folding the journal in
		expect(await readFile(file, 'utf8')).toBe(changed);
	});

	it('reads only the last messages `tether show --last N` prints, and counts the rest', async () => {
		const {dir, file} = await saved();
		const size = (await readFile(file)).length;
		const parse = vi.spyOn(JSON, 'parse');
		try {
			const {data, total} = await readSessionEnd(dir, 'main', 3);
			expect(data.messages).toEqual(many.slice(-3));
			expect(total).toBe(3000);
			const parsed = parse.mock.calls.reduce((sum, [text]) => sum + text.length, 0);
			expect(parsed).toBeLessThan(size / 100);
		} finally {
			parse.mockRestore();
		}

		expect((await readSessionEnd(dir, 'main')).data.messages).toHaveLength(3000);
	});
});
