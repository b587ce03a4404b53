import {execFile} from 'node:child_process';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {patience, tempDir} from './helpers.js';

const run = promisify(execFile);

describe('the launcher', () => {
	it("keeps its compile cache in Tether's own cache dir, not the shared temp dir", async () => {
		const root = await tempDir();
		const {NODE_COMPILE_CACHE: _, ...env} = process.env;
		await run(process.execPath, [path.resolve('bin/tether.js'), '--version'], {
			env: {...env, HOME: root, XDG_CACHE_HOME: path.join(root, 'cache'), TMPDIR: path.join(root, 'tmp')},
			timeout: patience,
		});
		expect(await readdir(path.join(root, 'cache', 'tether', 'compile'))).not.toEqual([]);
		expect(await readdir(root)).toEqual(['cache']);
	});
});
