import {describe, expect, it} from 'vitest';
import {PrintBuffer} from '../../source/ui/print-buffer.js';

describe('the print buffer', () => {
	it('hands out a long text a batch at a time, in order, each once', () => {
		const buffer = new PrintBuffer(3);
		buffer.add(['1', '2', '3', '4', '5'].join('\n'));
		buffer.add('6');
		const printed: string[] = [];
		for (let frame = 0; frame < 10 && buffer.waiting; frame++) {
			const items = buffer.items();
			expect(buffer.items()).toBe(items); // the same until printed
			printed.push(items.at(-1)!);
			buffer.printed();
		}

		expect(printed).toEqual(['1\n2\n3', '4\n5\n6']);
		expect(buffer.waiting).toBe(false);
	});

	it('lets go of what was printed', () => {
		const buffer = new PrintBuffer(2);
		buffer.add('a\nb\nc');
		buffer.items();
		buffer.printed();
		expect(buffer.items()).toEqual(['', 'c']);
	});
});
