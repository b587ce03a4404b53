import {describe, expect, it} from 'vitest';
import {helpLines} from '../../source/ui/help-layout.js';
import {columnsOf} from '../../source/text/width.js';

const plain = (lines: readonly string[]) => lines.map(line => line.replaceAll(/\u001B\[[\d;]*m/g, ''));

describe('the help', () => {
	it('keeps every line within the box, wide or narrow', () => {
		for (const columns of [36, 76, 150]) {
			for (const line of plain(helpLines([{name: 'think', description: ''}], columns))) {
				expect(columnsOf(line)).toBeLessThanOrEqual(columns);
			}
		}
	});

	it('puts what a key does beside it where there is room, and below it in a narrow terminal', () => {
		expect(plain(helpLines([], 76))).toContainEqual(expect.stringMatching(/^Ctrl\+T +hide or show timestamps$/));
		const narrow = plain(helpLines([], 36));
		const at = narrow.indexOf('Ctrl+T');
		expect(narrow[at + 1]).toBe('  hide or show timestamps');
		// Whole phrases, not one word a line.
		expect(narrow).toContain('  start / end of line');
	});

	it('wraps a description at its words, no line starting with the space it broke at', () => {
		for (const columns of [36, 76]) {
			const lines = plain(helpLines([], columns));
			// Stacked (narrow), a description is indented by two: a third space is the one it broke at.
			expect(lines.filter(line => /^ {3}\S/.test(line) || /^ +$/.test(line))).toEqual([]);
		}
	});
});
