/** `npm run test:openclaw`: the client against a real OpenClaw gateway from ../shared/openclaw-lab. */
import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/openclaw/**/*.test.ts'],
		globalSetup: ['test/openclaw/setup.ts'],
		// Stops what each test started (test/cleanups.ts).
		setupFiles: ['test/after-each.ts'],
		testTimeout: 180_000,
		hookTimeout: 900_000,
		// One gateway, restarted by some scenarios: run them one at a time.
		fileParallelism: false,
	},
});
