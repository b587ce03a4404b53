import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Needs the OpenClaw lab install: `npm run test:openclaw`.
		exclude: ['test/openclaw/**', 'node_modules/**'],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		// Integration tests spawn processes and bind ports; two workers suit a 2-core machine.
		maxWorkers: 2,
	},
});
