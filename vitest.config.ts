import {defineConfig} from 'vitest/config';
import {SlowestFirst} from './test/sequencer.js';

/**
 * Test files that change what other files in the same process would see: module mocks (vi.mock), spies and stubs on
 * shared objects, fake timers, process listeners. Each runs in a fresh worker of its own. Every other file shares
 * its worker with the files before it (`isolate: false`): a fresh worker per file costs about a second of starting
 * and importing, which over 130 files was a quarter of the suite's time on 2 cores. A file added with a vi.mock
 * belongs here: in a shared worker the module may already be loaded unmocked, and the file's tests fail.
 */
const ownWorker = [
	'test/gateway/telegram/reply-stream.test.ts',
	'test/search/search-index.test.ts',
	'test/session/attachments.test.ts',
	'test/store/disk-refusals.test.ts',
	'test/store/lock.test.ts',
	'test/store/session-store.test.ts',
	'test/store/session-window.test.ts',
	'test/store/takeover.test.ts',
	'test/text/markdown.test.ts',
	'test/ui/app.test.tsx',
	'test/ui/use-session.test.tsx',
];

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
