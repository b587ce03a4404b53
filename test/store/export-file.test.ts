import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeExport} from '../../source/store/export-file.js';
import {tempDir} from '../helpers.js';

describe('writeExport', () => {
	const now = new Date('2026-11-30T10:00:00.000Z');

	it('never writes over an export made earlier the same day', async () => {
		const dir = await tempDir();
		const first = await writeExport(dir, 'work', 'one', now);
		const second = await writeExport(dir, 'work', 'two', now);
		expect([path.basename(first), path.basename(second)]).toEqual(['work-2026-11-30.md', 'work-2026-11-30-2.md']);
		expect(await readFile(first, 'utf8')).toBe('one');
	});

	it('names a session keyed agent:<id>:<name> safely as a file', async () => {
		const file = await writeExport(await tempDir(), 'agent:ops:x', 'md', now);
		expect(path.basename(file)).not.toContain(':');
	});
});
