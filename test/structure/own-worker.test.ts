import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ownWorker, sharedStateChange} from '../own-worker.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('test files that share a worker', () => {
	it('are only those that leave nothing behind: each file that mocks, spies, stubs or listens runs alone', async () => {
		const files = (await readdir(path.join(root, 'test'), {recursive: true}))
			.map(file => `test/${file.split(path.sep).join('/')}`)
			.filter(file => /\.test\.tsx?$/.test(file) && !file.startsWith('test/openclaw/'));
		const changing = [];
		for (const file of files) {
			if (sharedStateChange.test(await readFile(path.join(root, file), 'utf8'))) {
				changing.push(file);
			}
		}

		expect(changing.toSorted()).toEqual(ownWorker.toSorted());
	});
});
