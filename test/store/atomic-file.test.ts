import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {backupOf, replaceFile} from '../../source/store/atomic-file.js';
import {writeAll} from '../../source/store/file-system.js';
import {tempDir} from '../helpers.js';
import {faultyFs} from './faulty-fs.js';

describe('a file replaced atomically', () => {
	it('holds the new text, and the previous good copy is kept as .bak', async () => {
		const file = path.join(await tempDir(), 'doc.json');
		await writeFile(file, 'first\n');
		await replaceFile(file, async handle => writeAll(handle, 'second\n'));
		expect(await readFile(file, 'utf8')).toBe('second\n');
		expect(await readFile(backupOf(file), 'utf8')).toBe('first\n');
	});

	it('is created when there was none, with no backup', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'doc.json');
		await replaceFile(file, async handle => writeAll(handle, 'new\n'));
		expect(await readFile(file, 'utf8')).toBe('new\n');
		expect(await readdir(dir)).toEqual(['doc.json']);
	});

	it('is as it was, with no temp file left, when the disk refuses the write or the rename', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'doc.json');
		await writeFile(file, 'good\n');
		const disk = faultyFs();
		disk.failWrites('ENOSPC');
		await expect(replaceFile(file, async handle => writeAll(handle, 'lost\n'), disk.fs)).rejects.toMatchObject({code: 'ENOSPC'});
		disk.refuse.rename = 'EROFS';
		await expect(replaceFile(file, async handle => writeAll(handle, 'lost\n'), disk.fs)).rejects.toMatchObject({code: 'EROFS'});
		expect(await readFile(file, 'utf8')).toBe('good\n');
		expect((await readdir(dir)).filter(name => name.endsWith('.tmp'))).toEqual([]);
	});

	it('is whole after short writes', async () => {
		const file = path.join(await tempDir(), 'doc.json');
		const disk = faultyFs();
		disk.failWrites('short', 'short', 'short');
		await replaceFile(file, async handle => writeAll(handle, 'x'.repeat(10_000)), disk.fs);
		expect(disk.shortWrites).toBe(3);
		expect(await readFile(file, 'utf8')).toBe('x'.repeat(10_000));
	});
});
