/**
 * vitest `sequence.sequencer`: the slowest test files start first, so that on 2 workers no long file starts near
 * the end while the other worker has nothing left to do. vitest orders by the last run's durations when it has them
 * (node_modules/.vite, so never on a fresh clone, as in CI) and otherwise by file size, which put the 35 s crash
 * test among the last files to start. The files named here are the slowest measured (seconds on a quiet 2-core
 * machine in brackets); the rest keep vitest's order after them.
 */
import path from 'node:path';
import {BaseSequencer, type TestSpecification} from 'vitest/node';

const slowest = [
	'test/e2e/terminal.test.ts', // 75
	'test/cli.test.ts', // 45
	'test/e2e/layout.test.ts', // 40
	'test/sessions-cli.test.ts', // 38
	'test/fault/crash.test.ts', // 35
	'test/e2e/takeover.test.ts', // 28
	'test/commands/embedded-agent.test.ts',
	'test/cli-rough-edges.test.ts',
	'test/ui/app.test.tsx',
	'test/commands/one-shot.test.ts',
	'test/e2e/keys.test.ts',
	'test/e2e/notify-edit.test.ts',
];

export class SlowestFirst extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		// oxlint-disable-next-line unicorn/no-array-sort -- vitest's BaseSequencer#sort, which returns a new array
		const sorted = await super.sort(files);
		const rank = (spec: TestSpecification) => {
			const index = slowest.indexOf(path.relative(spec.project.config.root, spec.moduleId).split(path.sep).join('/'));
			return index === -1 ? slowest.length : index;
		};

		// A stable sort: the files not named keep vitest's order.
		return sorted.toSorted((a, b) => rank(a) - rank(b));
	}
}
