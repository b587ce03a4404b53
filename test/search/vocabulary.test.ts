import {describe, expect, it} from 'vitest';
import {compareTerms, Vocabulary, VocabularyFile} from '../../source/search/vocabulary.js';
import {bytesOf} from '../../source/search/segment.js';
import {seeded} from '../random.js';

/** A vocabulary laid out as a segment file holds it (7 bytes of something else first), and a reader that counts its reads. */
function inFile(terms: readonly string[]): {file: VocabularyFile; reads: () => number} {
	const memory = Vocabulary.of(terms);
	const starts = bytesOf(memory.starts);
	const file = Buffer.concat([Buffer.alloc(7), memory.bytes, starts]);
	let reads = 0;
	const read = (offset: number, length: number) => {
		reads++;
		return Uint8Array.from(file.subarray(offset, offset + length));
	};

	return {file: new VocabularyFile(read, [7, memory.bytes.length], [7 + memory.bytes.length, starts.length]), reads: () => reads};
}

describe('a vocabulary read from its file', () => {
	// Several blocks of bytes and of starts, with terms of 1 to 40 letters (some across a block's end) and CJK.
	const random = seeded(18);
	const letters = 'abcdefghijklmnopqrstuvwxyz心跳重连';
	const terms = [...new Set(Array.from({length: 3000}, () => Array.from({length: 1 + Math.floor(random() * 40)}, () => letters[Math.floor(random() * letters.length)]).join('')))].toSorted(compareTerms);
	const memory = Vocabulary.of(terms);

	it('finds, ranges and spells every term as the vocabulary in memory does', () => {
		const {file} = inFile(terms);
		expect(file.size).toBe(terms.length);
		for (const [index, term] of terms.entries()) {
			const key = Buffer.from(term);
			expect(file.indexOf(term)).toBe(index);
			expect(file.prefixRange(key)).toEqual(memory.prefixRange(key));
			expect(file.term(index)).toBe(term);
		}

		expect([...file.range(100, 2000)]).toEqual(terms.slice(100, 2000));
		expect(file.indexOf('zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz')).toBe(-1);
	});

	it('reads each block once however often a search probes it', () => {
		const {file, reads} = inFile(terms);
		file.prefixRange(Buffer.from('heart'));
		const first = reads();
		file.prefixRange(Buffer.from('heart'));
		file.indexOf('heart');
		expect(reads()).toBe(first);
		expect(first).toBeLessThan(2 * Math.ceil(Math.log2(terms.length)));
	});
});
