import {readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {withScratchFile} from '../../source/store/scratch-file.js';

describe('a scratch file for another program', () => {
	it('holds the text, readable by this user only, and gives back what the program left in it', async () => {
		let seen: {text: string; mode: number; file: string} | undefined;
		const after = await withScratchFile('my draft', async file => {
			seen = {text: await readFile(file, 'utf8'), mode: (await stat(file)).mode & 0o777, file};
			await writeFile(file, 'my draft, edited\n');
		});
		expect(after).toBe('my draft, edited\n');
		expect(seen).toMatchObject({text: 'my draft', mode: 0o600});
		// Nothing is left behind in the temp dir.
		await expect(readdir(path.dirname(seen!.file))).rejects.toThrow(/ENOENT/);
	});

	it('is removed when the program fails, and the failure is what rejects', async () => {
		let where = '';
		await expect(
			withScratchFile('kept', async file => {
				where = file;
				throw new Error('the editor exited 1');
			}),
		).rejects.toThrow('the editor exited 1');
		await expect(stat(path.dirname(where))).rejects.toThrow(/ENOENT/);
	});
});
