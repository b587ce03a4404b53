import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Needs the OpenClaw lab install: `npm run test:openclaw`.
		exclude: ['test/openclaw/**', 'node_modules/**'],
		// Safety nets, not expectations: a test waits for the event it needs (helpers.ts waitFor, bounded by
		// `patience`), so these only end a hang. Each is at least ten times what a test takes on a quiet machine;
		// the few longer tests set their own. `npm run test:busy` runs the suite beside two CPU burners.
		testTimeout: 240_000,
		hookTimeout: 120_000,
		// Integration tests spawn processes and bind ports; two workers suit a 2-core machine.
		maxWorkers: 2,
	},
});
