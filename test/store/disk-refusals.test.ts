import type * as fs from 'node:fs/promises';
import {mkdir, readdir} from 'node:fs/promises';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {report} from '../../source/cli.js';
import type {Io} from '../../source/commands/context.js';
import {loadCatalog} from '../../source/store/catalog.js';
import {DiskRefused} from '../../source/store/errors.js';
import {trashSession} from '../../source/store/manage.js';
import {recallMessages} from '../../source/search/search-index.js';
import {SessionStore} from '../../source/store/session-store.js';
import {userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';
import {errno} from './faulty-fs.js';

/** Directories the mocked file system treats as on a read-only mount: creating anything in them fails with EROFS. */
const readOnly = new Set<string>();
const refused = (file: unknown) => [...readOnly].some(dir => String(file).startsWith(dir));

vi.mock('node:fs/promises', async importOriginal => {
	const real = await importOriginal<typeof fs>();
	const guard =
		<A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
		async (...args: A): Promise<R> => {
			if (refused(args[0])) {
				throw errno('EROFS', name, String(args[0]));
			}

			return call(...args);
		};
	const mocked = {...real, mkdir: guard('mkdir', real.mkdir), writeFile: guard('open', real.writeFile), rename: guard('rename', real.rename), link: guard('link', real.link)};
	return {...mocked, default: mocked};
});

afterEach(() => {
	readOnly.clear();
});

async function sessions(...names: string[]): Promise<string> {
	const dir = await tempDir();
	for (const name of names) {
		const store = await SessionStore.open(dir, name, 'create');
		await store.commit(data => ({...data, messages: [userMessage(`hello from ${name}`)]}));
		await store.close();
	}

	return dir;
}

function io(): Io & {errors: () => string} {
	const stderr = new PassThrough();
	let text = '';
	stderr.on('data', chunk => (text += String(chunk)));
	return {stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, errors: () => text};
}

describe('disk and permission errors', () => {
	it('are one line naming the file, exit 1, not an unexpected error', () => {
		const out = io();
		expect(report(errno('EACCES', 'open', '/sessions/main.json'), out)).toBe(1);
		expect(out.errors()).toBe('tether: /sessions/main.json: permission denied (EACCES); the command stopped there\n');
	});

	it('leave ls listing every other session, and saying which file it skipped', async () => {
		const dir = await sessions('one', 'two');
		// A file that cannot be read, whoever runs the test (root reads through permissions).
		await mkdir(path.join(dir, 'bad.json'));
		const skipped: unknown[] = [];
		const listed = await loadCatalog(dir, {skipped: entry => skipped.push(entry)});
		expect(listed.map(summary => summary.name).toSorted()).toEqual(['one', 'two']);
		expect(skipped).toEqual([{file: path.join(dir, 'bad.json'), code: 'EISDIR'}]);
	});

	it('leave recall searching every other session, and saying which file it skipped', async () => {
		const dir = await sessions('one');
		await mkdir(path.join(dir, 'bad.json'));
		const skipped: unknown[] = [];
		const hits = await recallMessages(dir, 'hello', {skipped: entry => skipped.push(entry)});
		expect(hits.map(hit => hit.text)).toEqual(['hello from one']);
		expect(skipped).toEqual([{file: path.join(dir, 'bad.json'), code: 'EISDIR'}]);
	});

	it('do not stop recall in a read-only sessions dir: the index lives for the query, and recall says so', async () => {
		const dir = await sessions('one');
		readOnly.add(dir);
		const unsaved: string[] = [];
		expect((await recallMessages(dir, 'hello', {unsaved: code => unsaved.push(code)})).map(hit => hit.text)).toEqual(['hello from one']);
		expect(await readdir(dir)).not.toContain('.recall');
		expect(unsaved).toEqual(['EROFS']);
	});

	it('make rm in a read-only sessions dir say what was not done', async () => {
		const dir = await sessions('main');
		readOnly.add(dir);
		const moving = trashSession(dir, 'main');
		await expect(moving).rejects.toThrow(DiskRefused);
		await expect(moving).rejects.toThrow(`${path.join(dir, '.trash')}: the file system is read-only (EROFS); session main was not moved to the trash`);
		expect(await readdir(dir)).toContain('main.json');
	});

	it('leave no lock behind when a session cannot be created in a read-only dir', async () => {
		const dir = await tempDir();
		readOnly.add(path.join(dir, 'main.json'));
		await expect(SessionStore.open(dir, 'main', 'create')).rejects.toThrow(/read-only \(EROFS\); session main was not opened and nothing was saved/);
		expect(await readdir(dir)).toEqual([]);
	});
});
