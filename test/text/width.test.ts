import {describe, expect, it} from 'vitest';
import {columnsOf, expandTabs, fitColumns, heightOf, lastColumns, padColumns, wrapColumns} from '../../source/text/width.js';

const cjk = (count: number) => '漢'.repeat(count);

describe('text measured in terminal columns', () => {
	it('counts a CJK character or an emoji as two columns, a combining mark as none', () => {
		expect(columnsOf(cjk(60))).toBe(120);
		expect(columnsOf('👍 ok')).toBe(5);
		expect(columnsOf('e\u0301')).toBe(1);
		expect(columnsOf('\u001B[1mbold\u001B[22m')).toBe(4);
	});

	it('moves a tab to the next 8-column stop', () => {
		expect(expandTabs('a\tb')).toBe(`a${' '.repeat(7)}b`);
		expect(expandTabs('漢\tb')).toBe(`漢${' '.repeat(6)}b`);
		expect(columnsOf('\t\tx')).toBe(17);
	});

	it('says how many lines a text takes, as it is wrapped', () => {
		// 20 lines of 60 CJK characters at 106 columns: two terminal lines each, not one.
		const reply = Array.from({length: 20}, () => cjk(60)).join('\n');
		expect(heightOf(reply, 106)).toBe(40);
		expect(heightOf(reply, 106)).toBe(wrapColumns(reply, 106).split('\n').length);
		expect(heightOf('\t'.repeat(10), 40)).toBe(2);
		expect(heightOf('', 40)).toBe(1);
		for (const line of wrapColumns(`${cjk(45)}\t${'word '.repeat(30)}`, 40).split('\n')) {
			expect(columnsOf(line)).toBeLessThanOrEqual(40);
		}
	});

	it('cuts and pads by columns, never splitting a wide character', () => {
		expect(fitColumns(cjk(60), 20)).toBe(`${cjk(9)}…`);
		expect(columnsOf(fitColumns(cjk(60), 20))).toBe(19);
		expect(fitColumns('short', 20)).toBe('short');
		expect(padColumns('漢字', 6)).toBe('漢字  ');
		expect(lastColumns(cjk(10), 5)).toBe(cjk(2));
	});
});
