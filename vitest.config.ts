import {defineConfig} from 'vitest/config';
import {ownWorker} from './test/own-worker.js';
import {SlowestFirst} from './test/sequencer.js';

export default defineConfig({
	test: {
		// Needs the OpenClaw lab install: `npm run test:openclaw`.
		exclude: ['test/openclaw/**', 'node_modules/**'],
		// One compile cache for every CLI the tests start (test/compile-cache.ts says why).
		globalSetup: ['test/compile-cache.ts'],
		// Stops what each test started (test/cleanups.ts); runs for every test file, shared worker or not.
		setupFiles: ['test/after-each.ts'],
		// Safety nets, not expectations: a test waits for the event it needs (helpers.ts waitFor, bounded by
		// `patience`), so these only end a hang. Each is at least ten times what a test takes on a quiet machine;
		// the few longer tests set their own. `npm run test:busy` runs the suite beside two CPU burners.
		testTimeout: 240_000,
		hookTimeout: 120_000,
		// Integration tests spawn processes and bind ports; two workers suit a 2-core machine.
		maxWorkers: 2,
		// The slowest files first, so that neither worker is left idle at the end (test/sequencer.ts).
		sequence: {sequencer: SlowestFirst},
		projects: [
			{extends: true, test: {name: 'own-worker', include: ownWorker, isolate: true}},
			{extends: true, test: {name: 'shared-worker', include: ['test/**/*.test.{ts,tsx}'], exclude: ['test/openclaw/**', 'node_modules/**', ...ownWorker], isolate: false}},
		],
	},
});
