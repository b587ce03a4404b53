import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {encodeSegment} from '../../source/search/segment-builder.js';
import {Segment, SegmentDamaged, type SegmentDocument} from '../../source/search/segment.js';
import {tokenize} from '../../source/search/tokenize.js';
import {compareTerms} from '../../source/search/vocabulary.js';
import {tempDir} from '../helpers.js';

const document = (messageId: string, text: string): SegmentDocument => ({
	record: {session: 'infra', messageId, role: 'user', at: '2026-11-20T10:00:00.000Z', text: [0, text.length]},
	terms: tokenize(text),
});

describe('an index segment on disk', () => {
	it('gives back each word\'s documents and counts, each document\'s length, and its record', async () => {
		const file = path.join(await tempDir(), 'seg-a.bin');
		await writeFile(file, encodeSegment([document('m1', 'Restart the node, then the other node.'), document('m2', 'Nodes: all green'), {...document('m3', ''), record: {...document('m3', '').record, text: 'kept inline'}}]));
		const segment = Segment.open(file);
		try {
			expect([...segment.vocabulary]).toEqual(['all', 'green', 'node', 'nodes', 'other', 'restart', 'the', 'then']);
			const node = segment.postings(segment.vocabulary.indexOf('node'));
			expect([...node.docs]).toEqual([0]);
			expect([...node.frequencies]).toEqual([2]);
			expect([...segment.postings(segment.vocabulary.indexOf('nodes')).docs]).toEqual([1]);
			expect([...segment.lengths]).toEqual([7, 3, 0]);
			expect(segment.record(1)).toMatchObject({session: 'infra', messageId: 'm2', text: [0, 16]});
			expect(segment.record(2).text).toBe('kept inline');
		} finally {
			segment.close();
		}
	});

	it('keeps its terms in the order of their bytes, and finds each, in any script', async () => {
		// '\u{1F600}' is a surrogate pair, below U+E000 in UTF-16 but above it in code points (and UTF-8 bytes).
		const terms = ['zz', '\u{1F600}', '\uE000', 'a', '数据', 'ab', 'é'];
		const sorted = terms.toSorted(compareTerms);
		expect(sorted).toEqual(terms.toSorted((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
		expect(sorted.at(-1)).toBe('\u{1F600}');
		const file = path.join(await tempDir(), 'seg-b.bin');
		await writeFile(file, encodeSegment(terms.map((term, i) => ({record: {session: 's', messageId: `m${i}`, role: 'user', at: '2026-11-20T10:00:00.000Z', text: term}, terms: [term]}))));
		const segment = Segment.open(file);
		try {
			expect([...segment.vocabulary]).toEqual(sorted);
			for (const [i, term] of terms.entries()) {
				expect([...segment.postings(segment.vocabulary.indexOf(term)).docs]).toEqual([i]);
			}

			expect(segment.vocabulary.indexOf('b')).toBe(-1);
			expect(segment.vocabulary.prefixRange(Buffer.from('a'))).toEqual([0, 2]);
		} finally {
			segment.close();
		}
	});

	it('refuses a segment of an earlier format, whose terms are not what a query looks for', async () => {
		const file = path.join(await tempDir(), 'seg-old.bin');
		const bytes = Buffer.from(encodeSegment([document('m1', 'some words here')]));
		bytes.write(bytes.toString('utf8', 0, 100).replace('"format":3', '"format":2'));
		await writeFile(file, bytes);
		expect(() => Segment.open(file)).toThrow(SegmentDamaged);
	});

	it('refuses a file that is not a whole segment', async () => {
		const dir = await tempDir();
		const whole = encodeSegment([document('m1', 'some words here')]);
		await writeFile(path.join(dir, 'cut.bin'), whole.subarray(0, whole.length - 3));
		await writeFile(path.join(dir, 'other.bin'), 'not an index');
		expect(() => Segment.open(path.join(dir, 'cut.bin'))).toThrow(SegmentDamaged);
		expect(() => Segment.open(path.join(dir, 'other.bin'))).toThrow(SegmentDamaged);
	});
});
