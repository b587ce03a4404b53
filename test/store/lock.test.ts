import type * as fs from 'node:fs/promises';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {acquireLock} from '../../source/store/lock.js';
import {tempDir} from '../helpers.js';

/**
 * A pause injected between two steps of taking a lock: the first `writeFile` or `unlink` of the lock file's own
 * path waits (for `writeFile`, right after creating the file) until `gate` opens. Whatever the code does
 * around it, one contender is frozen mid-step while the other runs.
 */
const pause = {file: '', op: '' as '' | 'writeFile' | 'unlink', gate: Promise.resolve()};

vi.mock('node:fs/promises', async importOriginal => {
	const real = await importOriginal<typeof fs>();
	const paused = (op: 'writeFile' | 'unlink', file: unknown) => {
		if (pause.op === op && String(file) === pause.file) {
			pause.op = '';
			return true;
		}

		return false;
	};
	const mocked = {
		...real,
		writeFile: (async (file: string, data: string, options: {flag?: string; mode?: number}) => {
			if (!paused('writeFile', file)) {
				return real.writeFile(file, data, options);
			}

			const handle = await real.open(file, options.flag ?? 'w', options.mode);
			await pause.gate;
			await handle.writeFile(data);
			await handle.close();
		}) as typeof real.writeFile,
		unlink: async (file: string) => {
			if (paused('unlink', file)) {
				await pause.gate;
			}

			return real.unlink(file);
		},
	};
	return {...mocked, default: mocked};
});

afterEach(() => {
	pause.op = '';
});

/** Two contenders for one lock, the one that gets to `op` first paused there until the other has its answer. */
async function race(op: 'writeFile' | 'unlink', stale: boolean) {
	const dir = await tempDir();
	const file = path.join(dir, 'main.json.lock');
	if (stale) {
		await writeFile(file, '999999999');
	}

	let open = () => {};
	Object.assign(pause, {file, op, gate: new Promise<void>(resolve => (open = resolve))});
	const contenders = [acquireLock(file, 'main'), acquireLock(file, 'main')];
	// Whichever is paused cannot finish: the gate opens once the other has its answer.
	await Promise.race(contenders.map(async contender => contender.catch(() => undefined)));
	open();
	const results = await Promise.allSettled(contenders);
	return {dir, file, results, holders: results.filter(result => result.status === 'fulfilled').length};
}

describe('the session lock', () => {
	it('is never seen half written: a contender reading it while it is taken is refused, not let in', async () => {
		const {holders, results} = await race('writeFile', false);
		expect(holders).toBe(1);
		expect(results.find(result => result.status === 'rejected')).toMatchObject({reason: {message: expect.stringMatching(/open in another terminal \(pid \d+\)/) as unknown}});
	});

	it('is taken over from a dead process by one contender only, however their steps interleave', async () => {
		const {holders, file} = await race('unlink', true);
		expect(holders).toBe(1);
		expect(await readFile(file, 'utf8')).toMatch(new RegExp(`^${process.pid}( |$)`));
	});

	it('leaves nothing behind but the lock, and nothing once released', async () => {
		const {dir, results} = await race('unlink', true);
		expect(await readdir(dir)).toEqual(['main.json.lock']);
		for (const result of results) {
			if (result.status === 'fulfilled') {
				await result.value.release();
			}
		}

		expect(await readdir(dir)).toEqual([]);
	});

	it.skipIf(process.platform !== 'linux')('is taken over from a pid now used by another process, as after a reboot', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'main.json.lock');
		// A live pid (this very process), with the start of a process that is long gone.
		await writeFile(file, `${process.pid} 00000000-0000-0000-0000-000000000000/1`);
		const lock = await acquireLock(file, 'main');
		await expect(acquireLock(file, 'main')).rejects.toThrow(/open in another terminal \(pid \d+\)/);
		await lock.release();
	});

	it('is still honoured when written by an older Tether with the pid alone', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'main.json.lock');
		await writeFile(file, String(process.pid));
		await expect(acquireLock(file, 'main')).rejects.toThrow(/open in another terminal/);
	});
});
