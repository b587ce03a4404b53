import {describe, expect, it} from 'vitest';
import {composerHeight, composerMaxRows, composerRows, composerView} from '../../source/ui/composer-layout.js';

const draft = (lines: number) => Array.from({length: lines}, (_, i) => `line ${i + 1}`).join('\n');

describe('the composer', () => {
	it('wraps a draft by columns, a wide character taking two, and marks the character under the cursor', () => {
		const {rows, cursorRow} = composerRows('漢字漢字漢x', 5, 6);
		expect(rows.map(row => `${row.before}${row.under ?? ''}${row.after}`)).toEqual(['漢字漢', '字漢x']);
		expect(cursorRow).toBe(1);
		expect(rows[1]).toEqual({before: '字漢', under: 'x', after: ''});
		expect(composerRows('a\tb', 3, 20).rows[0]).toEqual({before: `a${' '.repeat(7)}b`, under: ' ', after: ''});
	});

	it('shows at most its cap of a tall paste, the cursor in view, and says where the cursor is', () => {
		const value = draft(34);
		const atEnd = composerView(value, value.length, 80, composerMaxRows(35));
		expect(atEnd.rows).toHaveLength(10);
		expect(atEnd.rows.at(-1)).toEqual({before: 'line 34', under: ' ', after: ''});
		expect(composerHeight(atEnd)).toBe(11);
		// Moving up within the window does not scroll it; past its top, it scrolls one row.
		const up = composerView(value, value.indexOf('line 25'), 80, 10, atEnd.top);
		expect(up.top).toBe(atEnd.top);
		const above = composerView(value, value.indexOf('line 24'), 80, 10, atEnd.top);
		expect(above.top).toBe(atEnd.top - 1);
		expect(above.rows[0]!.under).toBe('l');
	});

	it('takes one row for a short draft and at most a third of a small terminal', () => {
		expect(composerHeight(composerView('hi', 2, 80, 10))).toBe(1);
		expect(composerMaxRows(12)).toBe(4);
		expect(composerMaxRows(100)).toBe(10);
	});
});
