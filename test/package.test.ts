import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {patience} from './helpers.js';

const run = promisify(execFile);

type Packed = {name: string; files: Array<{path: string}>};

describe('the npm package', () => {
	it('ships the launcher, the built JavaScript, LICENSE and README, and nothing else', async () => {
		// --ignore-scripts: prepack rebuilds dist/, which other tests are running from.
		const {stdout} = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {timeout: patience});
		const [packed] = JSON.parse(stdout) as Packed[];
		const files = packed!.files.map(file => file.path).toSorted();
		expect(packed!.name).toBe('tether-chat');
		expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/tether.js', 'dist/cli.js', 'dist/commands/attach.js']));
		const outside = files.filter(file => !file.startsWith('dist/'));
		expect(outside).toEqual(['LICENSE', 'README.md', 'bin/tether.js', 'package.json']);
		expect(files.filter(file => file.startsWith('dist/') && !file.endsWith('.js'))).toEqual([]);
	});

	it('installs the command tether, MIT licensed, without a script that runs on install', () => {
		const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {bin: Record<string, string>; license: string; scripts: Record<string, string>};
		expect(manifest.bin).toEqual({tether: 'bin/tether.js'});
		expect(manifest.license).toBe('MIT');
		expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} Tether contributors/);
		// npm warns about these on a global install of the tarball; the build happens in prepack.
		for (const script of ['prepare', 'preinstall', 'install', 'postinstall']) {
			expect(manifest.scripts[script]).toBeUndefined();
		}
	});
});
