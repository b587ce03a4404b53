/**
 * What each test started and must stop (processes, gateways, temp dirs), run after it by the `afterEach` hook that
 * test/after-each.ts registers in every test file (vitest `setupFiles`). The hook lives there, not here: a setup
 * file runs again for each test file even when test files share a worker (`isolate: false`), whereas a module
 * imported by several files is evaluated once per worker, and a hook it registered as it loaded would belong to
 * the first file alone.
 */
const cleanups: Array<() => Promise<void>> = [];

/** Registers a cleanup to run after the current test. */
export function onCleanup(cleanup: () => Promise<void> | void): void {
	cleanups.push(async () => cleanup());
}

/**
 * Runs every cleanup, last registered first, even when one fails (so a failed test still stops what it started
 * and removes its temp dirs), and then reports the failures.
 */
export async function runCleanups(): Promise<void> {
	const errors: unknown[] = [];
	for (const cleanup of cleanups.splice(0).toReversed()) {
		try {
			await cleanup();
		} catch (error) {
			errors.push(error);
		}
	}

	if (errors.length === 1) {
		throw errors[0];
	}

	if (errors.length > 1) {
		throw new AggregateError(errors, `${errors.length} cleanups failed: ${errors.map(error => (error as Error).message).join('; ')}`);
	}
}
