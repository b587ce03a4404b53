import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {linkIfAbsent} from '../../source/files/link-if-absent.js';
import {tempDir} from '../helpers.js';

describe('link if absent', () => {
	it('makes the name when it is free, and leaves one that exists as it was', async () => {
		const dir = await tempDir();
		const [first, second, target] = ['first.tmp', 'second.tmp', 'lock'].map(name => path.join(dir, name));
		await writeFile(first!, 'mine');
		await writeFile(second!, 'theirs');
		expect(await linkIfAbsent(first!, target!)).toBe(true);
		expect(await linkIfAbsent(second!, target!)).toBe(false);
		expect(await readFile(target!, 'utf8')).toBe('mine');
	});

	it('rejects with any other error of the file system', async () => {
		const dir = await tempDir();
		await expect(linkIfAbsent(path.join(dir, 'missing'), path.join(dir, 'lock'))).rejects.toThrow(/ENOENT/);
	});
});
