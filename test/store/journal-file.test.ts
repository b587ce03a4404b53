import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {JournalFile} from '../../source/store/journal-file.js';
import {tempDir} from '../helpers.js';
import {faultyFs} from './faulty-fs.js';

describe('a journal file', () => {
	it('reads empty when there is none, then holds each line appended, counting its bytes', async () => {
		const journal = new JournalFile(path.join(await tempDir(), 'doc.json.journal'));
		expect(await journal.read()).toBe('');
		await journal.append('{"a":1}\n');
		await journal.append('{"é":2}\n');
		expect(await journal.read()).toBe('{"a":1}\n{"é":2}\n');
		expect(journal.bytes).toBe((await stat(journal.path)).size);
	});

	it('keeps no part of a line the disk refused part-way, so the next line follows a whole one', async () => {
		const disk = faultyFs();
		const journal = new JournalFile(path.join(await tempDir(), 'doc.json.journal'), disk.fs);
		await journal.append('{"a":1}\n');
		disk.failWrites('short', 'ENOSPC');
		await expect(journal.append(`{"b":"${'x'.repeat(100)}"}\n`)).rejects.toMatchObject({code: 'ENOSPC'});
		expect(journal.torn).toBe(false);
		expect(journal.bytes).toBe(8);
		await journal.append('{"c":3}\n');
		expect(await readFile(journal.path, 'utf8')).toBe('{"a":1}\n{"c":3}\n');
	});

	it('says it is torn when a refused line cannot be cut back, until it is removed', async () => {
		const disk = faultyFs();
		const journal = new JournalFile(path.join(await tempDir(), 'doc.json.journal'), disk.fs);
		await journal.append('{"a":1}\n');
		disk.failWrites('short', 'EIO');
		disk.refuse.truncate = 'EIO';
		await expect(journal.append(`{"b":"${'x'.repeat(100)}"}\n`)).rejects.toMatchObject({code: 'EIO'});
		expect(journal.torn).toBe(true);
		await journal.remove();
		expect(journal).toMatchObject({torn: false, bytes: 0});
		expect(await journal.read()).toBe('');
	});
});
