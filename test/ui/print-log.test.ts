import {describe, expect, it} from 'vitest';
import {printLog, printStep, reopened} from '../../source/ui/print-log.js';

describe('the print log', () => {
	it('hands out a long text a batch at a time, in order, each once, a frame apart', () => {
		let log = printLog(new Set());
		const printed: string[] = [];
		let first = true;
		for (let frame = 0; frame < 10 && (first || log.waiting.length > 0); frame++) {
			const step = printStep(log, first ? [{id: 'a', text: ['1', '2', '3', '4', '5'].join('\n')}, {id: 'b', text: '6'}] : [], 3);
			first = false;
			// The same log gives the same items until it is kept (a render may run twice).
			expect(printStep(log, [], 3).items.length).toBeLessThanOrEqual(step.items.length);
			if (step.items.length > log.handed.length) {
				printed.push(step.items.at(-1)!);
			}

			// Until a frame has passed, nothing more goes.
			expect(printStep(step.next, [], 3).items).toBe(step.next.handed);
			log = reopened(step.next);
		}

		expect(printed).toEqual(['1\n2\n3', '4\n5\n6']);
		expect(log.waiting).toEqual([]);
		expect([...log.ids]).toEqual(['a', 'b']);
	});

	it('lets go of what was printed', () => {
		const step = printStep(printLog(new Set(), 'a\nb\nc'), [], 2);
		expect(step.items).toEqual(['a\nb']);
		const next = printStep(reopened(step.next), [], 2);
		expect(next.items).toEqual(['', 'c']);
	});

	it('changes nothing when nothing settled or waits, and leaves the log it was given as it was', () => {
		const log = printLog(new Set(['x']));
		expect(printStep(log, [], 100).next).toBe(log);
		const step = printStep(log, [{id: 'y', text: 'hello'}], 100);
		expect(step.items).toEqual(['hello']);
		expect([...log.ids]).toEqual(['x']);
		expect(log.handed).toEqual([]);
		expect([...step.next.ids]).toEqual(['x', 'y']);
	});

	it('keeps what settles while a batch waits its frame, out of the live area and in order', () => {
		const step = printStep(printLog(new Set()), [{id: 'a', text: '1\n2\n3'}], 2);
		const held = printStep(step.next, [{id: 'b', text: '4'}], 2);
		expect(held.items).toBe(step.next.handed);
		expect(held.next.ids.has('b')).toBe(true);
		expect(printStep(reopened(held.next), [], 2).items.at(-1)).toBe('3\n4');
	});
});
