/**
 * Test files that change what other files in the same process would see: module mocks (vi.mock), spies and stubs on
 * shared objects, fake timers, process listeners. Each runs in a fresh worker of its own. Every other file shares
 * its worker with the files before it (`isolate: false` in vitest.config.ts): a fresh worker per file costs about a
 * second of starting and importing, which over 130 files was a quarter of the suite's time on 2 cores. A file that
 * uses one of these and is not listed fails test/structure/own-worker.test.ts.
 */
export const ownWorker = [
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

/** What makes a test file need a worker of its own. */
export const sharedStateChange = /\bvi\.(?:mock|doMock|spyOn|useFakeTimers|stubEnv|stubGlobal)\(|\bprocess\.(?:on|once|prependListener)\(/;
