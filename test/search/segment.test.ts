import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {encodeSegment} from '../../source/search/segment-builder.js';
import {Segment, SegmentDamaged, type SegmentDocument} from '../../source/search/segment.js';
import {tokenize} from '../../source/search/tokenize.js';
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
			expect(segment.vocabulary).toEqual(['all', 'green', 'node', 'nodes', 'other', 'restart', 'the', 'then']);
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

	it('refuses a file that is not a whole segment', async () => {
		const dir = await tempDir();
		const whole = encodeSegment([document('m1', 'some words here')]);
		await writeFile(path.join(dir, 'cut.bin'), whole.subarray(0, whole.length - 3));
		await writeFile(path.join(dir, 'other.bin'), 'not an index');
		expect(() => Segment.open(path.join(dir, 'cut.bin'))).toThrow(SegmentDamaged);
		expect(() => Segment.open(path.join(dir, 'other.bin'))).toThrow(SegmentDamaged);
	});
});
