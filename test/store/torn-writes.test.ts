import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DiskRefused} from '../../source/store/errors.js';
import {readSession, SessionStore} from '../../source/store/session-store.js';
import {userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';
import {faultyFs} from './faulty-fs.js';

const typed = (text: string) => (data: Parameters<Parameters<SessionStore['commit']>[0]>[0]) => ({...data, messages: [...data.messages, userMessage(text)]});

async function openWith(disk: ReturnType<typeof faultyFs>) {
	const dir = await tempDir();
	const store = await SessionStore.open(dir, 'main', 'create', {fs: disk.fs});
	return {dir, store, journal: path.join(dir, 'main.json.journal')};
}

async function saved(dir: string): Promise<string[]> {
	return (await readSession(dir, 'main')).messages.map(m => m.text);
}

describe('a journal append the disk cuts short', () => {
	it('writes the line whole across short writes', async () => {
		const disk = faultyFs();
		const {dir, store, journal} = await openWith(disk);
		disk.failWrites('short', 'short', 'short');
		await store.commit(typed('first'));
		expect(disk.shortWrites).toBe(3);
		expect((await readFile(journal, 'utf8')).endsWith('\n')).toBe(true);
		expect(await saved(dir)).toEqual(['first']);
		await store.close();
	});

	it('is not saved when the disk fills up mid-line: commit rejects and the journal is cut back to its last whole line', async () => {
		const disk = faultyFs();
		const {dir, store, journal} = await openWith(disk);
		await store.commit(typed('first'));
		const before = await readFile(journal, 'utf8');

		disk.failWrites('short', 'ENOSPC');
		const failed = store.commit(typed('second'));
		await expect(failed).rejects.toThrow(DiskRefused);
		await expect(failed).rejects.toThrow(/main\.json\.journal: the disk is full \(ENOSPC\); the new message was not saved/);
		expect(await readFile(journal, 'utf8')).toBe(before);
		expect(store.data.messages.map(m => m.text)).toEqual(['first']);
		expect(await saved(dir)).toEqual(['first']);

		// Space again: the next message follows the last whole line, and every line reads.
		await store.commit(typed('third'));
		expect(await saved(dir)).toEqual(['first', 'third']);
		await store.close();
		expect(await saved(dir)).toEqual(['first', 'third']);
	});

	it('when the journal cannot be cut back either, rewrites the file before appending again', async () => {
		const disk = faultyFs();
		const {dir, store, journal} = await openWith(disk);
		await store.commit(typed('first'));
		disk.failWrites('short', 'ENOSPC');
		disk.refuse.truncate = 'EIO';
		await expect(store.commit(typed('second'))).rejects.toThrow(DiskRefused);
		expect(await readFile(journal, 'utf8')).not.toMatch(/\n$/);
		expect(await saved(dir)).toEqual(['first']);

		disk.refuse.truncate = undefined;
		await store.commit(typed('third'));
		expect(await readdir(dir)).not.toContain('main.json.journal');
		expect(await saved(dir)).toEqual(['first', 'third']);
		await store.close();
	});

	it('is refused on a read-only file system, and the store keeps working once it is writable', async () => {
		const disk = faultyFs();
		const {dir, store} = await openWith(disk);
		disk.refuse.open.set(/\.journal$/, 'EROFS');
		await expect(store.commit(typed('first'))).rejects.toThrow(/read-only \(EROFS\); the new message was not saved/);
		disk.refuse.open.clear();
		await store.commit(typed('second'));
		await store.close();
		expect(await saved(dir)).toEqual(['second']);
	});
});

describe('a full rewrite the disk refuses', () => {
	it('leaves the file as it was, removes its temp file, and close still lets the next writer in', async () => {
		const disk = faultyFs();
		const {dir, store} = await openWith(disk);
		await store.commit(typed('kept'));
		// Too many changed messages to journal: the file is rewritten.
		store.update(data => ({...data, messages: [...data.messages, ...Array.from({length: 300}, (_, i) => userMessage(`m${i}`))]}));
		disk.failWrites('ENOSPC');
		await expect(store.flush()).rejects.toThrow(/\.tmp: the disk is full \(ENOSPC\); the latest changes to the session are not saved/);
		expect((await readdir(dir)).filter(entry => entry.endsWith('.tmp'))).toEqual([]);
		expect(await saved(dir)).toEqual(['kept']);

		disk.failWrites('ENOSPC', 'ENOSPC');
		await expect(store.close()).rejects.toThrow(DiskRefused);
		expect((await readdir(dir)).filter(entry => entry.endsWith('.tmp') || entry.endsWith('.lock'))).toEqual([]);
		const again = await SessionStore.open(dir, 'main', 'attach');
		expect(again.data.messages.map(m => m.text)).toEqual(['kept']);
		await again.close();
	});

	it('keeps the changes for the next save when a coalesced one fails, without crashing on the timer', async () => {
		const disk = faultyFs();
		const {dir, store} = await openWith(disk);
		disk.refuse.open.set(/\.journal$/, 'ENOSPC');
		store.update(typed('streamed'));
		// Fired and forgotten, as a reply's end does: its failure must not be an unhandled rejection.
		void store.flush();
		await expect(store.flush()).rejects.toThrow(DiskRefused);
		disk.refuse.open.clear();
		await store.flush();
		expect(await saved(dir)).toEqual(['streamed']);
		await store.close();
	});
});
