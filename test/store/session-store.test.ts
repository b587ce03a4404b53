import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {readSession, saveIntervalMs, SessionStore} from '../../source/store/session-store.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

async function stat(file: string) {
	const {stat} = await import('node:fs/promises');
	return stat(file);
}

describe('SessionStore', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('creates the file at once, private to the user', async () => {
		const dir = await tempDir();
		const store = await SessionStore.open(dir, 'work', 'create');
		await store.close();
		const data = await readSession(dir, 'work');
		expect(data).toMatchObject({version: 2, name: 'work', messages: [], events: []});
		expect((await stat(path.join(dir, 'work.json'))).mode & 0o777).toBe(0o600);
	});

	it('refuses to create a session that exists, and to attach one that does not', async () => {
		const dir = await tempDir();
		await (await SessionStore.open(dir, 'main', 'create')).close();
		await expect(SessionStore.open(dir, 'main', 'create')).rejects.toThrow('already exists');
		await expect(SessionStore.open(dir, 'mian', 'attach')).rejects.toThrow('did you mean main');
	});

	it('lets one writer at a time hold a session', async () => {
		const dir = await tempDir();
		const store = await SessionStore.open(dir, 'main', 'create');
		await expect(SessionStore.open(dir, 'main', 'attach')).rejects.toThrow(/open in another terminal \(pid \d+\)/);
		await store.close();
		await (await SessionStore.open(dir, 'main', 'attach')).close();
	});

	it('takes over a lock left by a process that died', async () => {
		const dir = await tempDir();
		await (await SessionStore.open(dir, 'main', 'create')).close();
		await writeFile(path.join(dir, 'main.json.lock'), '999999999');
		await (await SessionStore.open(dir, 'main', 'attach')).close();
	});

	it('coalesces saves while a reply streams: one write per interval', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
		const dir = await tempDir();
		const store = await SessionStore.open(dir, 'main', 'create');
		const write = vi.spyOn((store as unknown as {adapter: {write: (data: unknown) => Promise<void>}}).adapter, 'write');
		for (let i = 0; i < 50; i++) {
			store.update(data => ({...data, messages: [userMessage(`m${i}`)]}));
		}

		expect(write).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(saveIntervalMs);
		expect(write).toHaveBeenCalledTimes(1);
		await store.close();
		expect((await readSession(dir, 'main')).messages.map(m => m.text)).toEqual(['m49']);
	});

	it('shows a committed message only once it is on disk, and keeps changes made meanwhile', async () => {
		const dir = await tempDir();
		const store = await SessionStore.open(dir, 'main', 'create');
		const committing = store.commit(data => ({...data, messages: [...data.messages, userMessage('typed')]}));
		expect(store.data.messages).toEqual([]);
		store.update(data => ({...data, events: [{at: '2026-11-24T10:00:00.000Z', type: 'disconnected'}]}));
		await committing;
		expect((await readSession(dir, 'main')).messages.map(m => m.text)).toEqual(['typed']);
		expect(store.data.messages.map(m => m.text)).toEqual(['typed']);
		await store.close();
		expect(await readSession(dir, 'main')).toMatchObject({messages: [{text: 'typed'}], events: [{type: 'disconnected'}]});
	});

	it('keeps writing after a write failed', async () => {
		const dir = await tempDir();
		const store = await SessionStore.open(dir, 'main', 'create');
		const adapter = (store as unknown as {adapter: {write: (data: unknown) => Promise<void>}}).adapter;
		vi.spyOn(adapter, 'write').mockRejectedValueOnce(new Error('ENOSPC'));
		await expect(store.commit(data => ({...data, messages: [userMessage('lost')]}))).rejects.toThrow('ENOSPC');
		await store.commit(data => ({...data, messages: [userMessage('kept')]}));
		await store.close();
		expect((await readSession(dir, 'main')).messages.map(m => m.text)).toEqual(['kept']);
	});

	it('keeps the previous good copy as .bak and leaves no temp file', async () => {
		const dir = await tempDir();
		const first = await SessionStore.open(dir, 'main', 'create');
		first.update(data => ({...data, messages: [userMessage('first')]}));
		await first.close();
		const second = await SessionStore.open(dir, 'main', 'attach');
		second.update(data => ({...data, messages: [...data.messages, userMessage('second')]}));
		await second.close();
		const backup = JSON.parse(await readFile(path.join(dir, 'main.json.bak'), 'utf8')) as {messages: unknown[]};
		expect(backup.messages).toHaveLength(1);
		expect((await readdir(dir)).toSorted()).toEqual(['main.json', 'main.json.bak']);
	});

	it('journals what changed instead of rewriting a long session, and folds the journal in on close', async () => {
		const dir = await tempDir();
		const store = await SessionStore.open(dir, 'main', 'create');
		store.update(data => ({...data, messages: Array.from({length: 2000}, (_, i) => userMessage(`m${i}`, {id: `id-${i}`}))}));
		await store.close();
		const file = path.join(dir, 'main.json');
		const size = (await stat(file)).size;

		const again = await SessionStore.open(dir, 'main', 'attach');
		const streaming = reply('run-1', 'partial', {status: 'streaming'});
		again.update(data => ({...data, messages: [...data.messages, streaming]}));
		await again.flush();
		again.update(data => ({...data, messages: [...data.messages.slice(0, -1), {...streaming, text: 'partial and more', status: 'final'}]}));
		await again.flush();
		expect((await stat(file)).size).toBe(size);
		expect((await stat(`${file}.journal`)).size).toBeLessThan(1000);
		expect((await readSession(dir, 'main')).messages.at(-1)).toMatchObject({text: 'partial and more', status: 'final'});

		await again.close();
		expect(await readdir(dir)).not.toContain('main.json.journal');
		expect(JSON.parse(await readFile(file, 'utf8')).messages).toHaveLength(2001);
	});

	it('reads a journal a killed writer left, drops a line cut short, and rewrites before appending again', async () => {
		const dir = await tempDir();
		await (await SessionStore.open(dir, 'main', 'create')).close();
		const journal = path.join(dir, 'main.json.journal');
		await writeFile(journal, `${JSON.stringify({tails: {messages: [0, [userMessage('saved')]]}})}\n{"tails":{"messa`);
		expect((await readSession(dir, 'main')).messages.map(m => m.text)).toEqual(['saved']);

		const store = await SessionStore.open(dir, 'main', 'attach');
		store.update(data => ({...data, messages: [...data.messages, userMessage('next')]}));
		await store.flush();
		expect(await readdir(dir)).not.toContain('main.json.journal');
		expect((await readSession(dir, 'main')).messages.map(m => m.text)).toEqual(['saved', 'next']);
		await store.close();
	});

	it.each([
		['truncated', '{"version":1,"name":"main","mess'],
		['empty', ''],
		['NUL-filled', '\0'.repeat(64)],
		['not JSON', 'hello'],
		['a wrong version', JSON.stringify({version: 9, name: 'main', createdAt: 'x', gateway: {}, messages: [], events: []})],
		['a message missing fields', JSON.stringify({version: 1, name: 'main', createdAt: 'x', gateway: {}, messages: [{id: 'x'}], events: []})],
	])('never overwrites a damaged file (%s) and names it', async (_kind, content) => {
		const dir = await tempDir();
		const file = path.join(dir, 'main.json');
		await writeFile(file, content);
		await expect(SessionStore.open(dir, 'main', 'attach-or-create')).rejects.toThrow(`session file ${file} is damaged`);
		expect(await readFile(file, 'utf8')).toBe(content);
		await expect(readSession(dir, 'main')).rejects.toThrow('damaged');
	});

	it('points at the .bak copy when the file is damaged', async () => {
		const dir = await tempDir();
		const store = await SessionStore.open(dir, 'main', 'create');
		store.update(data => ({...data, messages: [userMessage('keep me')]}));
		await store.close();
		await writeFile(path.join(dir, 'main.json'), '{oops');
		await expect(readSession(dir, 'main')).rejects.toThrow('main.json.bak');
	});

	it('removes temp files a crashed writer left behind', async () => {
		const dir = await tempDir();
		await (await SessionStore.open(dir, 'main', 'create')).close();
		await writeFile(path.join(dir, 'main.json.12345.tmp'), '{"partial');
		await (await SessionStore.open(dir, 'main', 'attach')).close();
		expect(await readdir(dir)).not.toContain('main.json.12345.tmp');
	});
});
