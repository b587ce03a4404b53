import {describe, expect, it} from 'vitest';
import {TermTable} from '../../source/search/term-table.js';

describe('the terms of a segment being built', () => {
	it('numbers each term once, in the order first seen, and keeps its bytes, however many there are', () => {
		const table = new TermTable();
		const terms = Array.from({length: 200_000}, (_, i) => (i % 3 === 0 ? `数据${i}` : `t${i.toString(36)}`));
		expect(terms.map(term => table.idOf(term))).toEqual(terms.map((_, i) => i));
		expect(table.idOf('t1')).toBe(1);
		expect(table.idOf('数据3')).toBe(3);
		expect(table.size).toBe(200_000);
		expect(Buffer.from(table.bytesOf(3)).toString()).toBe('数据3');
		expect(Math.sign(table.compare(table.idOf('a'), table.idOf('ab')))).toBe(-1);
		expect(Math.sign(table.compare(table.idOf('数据3'), 1))).toBe(1);
		expect(table.compare(3, 3)).toBe(0);
	});

	it('keeps the terms and their order once sealed, and refuses new ones', () => {
		const table = new TermTable();
		for (const term of ['b', 'a', 'c']) {
			table.idOf(term);
		}

		table.seal();
		expect(Buffer.from(table.bytesOf(1)).toString()).toBe('a');
		expect(Math.sign(table.compare(1, 0))).toBe(-1);
		expect(() => table.idOf('d')).toThrow(/sealed/);
	});
});
