/**
 * vitest `globalSetup`: one Node compile cache (NODE_COMPILE_CACHE) for every process the suite starts, removed at
 * the end. The CLI keeps its cache under $HOME (bin/tether.js), and most tests give each run a temp HOME of its own,
 * so without this every one of the suite's hundreds of CLI starts parsed Tether and its dependencies from scratch
 * and then wrote a cache nobody read. The env set here reaches the test workers, which pass it on to what they spawn;
 * test/launcher.test.ts removes it to test the launcher's own choice of dir.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
	// One the caller chose is used as it is.
	if (process.env.NODE_COMPILE_CACHE) {
		return undefined;
	}

	const dir = await mkdtemp(path.join(tmpdir(), 'tether-test-compile-cache-'));
	process.env.NODE_COMPILE_CACHE = dir;
	return async () => {
		// A gateway that `tether serve --stop` ended writes its cache as it exits, which may be just after the last
		// test: rm retries while the dir is still being written (ENOTEMPTY).
		await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
	};
}
