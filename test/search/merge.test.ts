import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {mergeSegments} from '../../source/search/merge.js';
import {encodeSegment} from '../../source/search/segment-builder.js';
import {Segment, type SegmentDocument} from '../../source/search/segment.js';
import {tempDir} from '../helpers.js';

const document = (messageId: string, terms: string[]): SegmentDocument => ({
	record: {session: 'long', messageId, role: 'user', at: '2026-11-20T10:00:00.000Z', text: [0, 1]},
	terms,
});

describe('merging index segments', () => {
	// The merge reads a part's postings 64k words at a time: a term's postings longer than that are read alone,
	// and the many short ones after it from windows read in turn.
	it('makes the segment the parts\' documents would have made, with postings longer than a read and many short ones', async () => {
		const dir = await tempDir();
		// 'common': 33,000 documents, 66,000 words of postings.
		const first = Array.from({length: 33_000}, (_, i) => document(`m${i}`, ['common', `word${i}`]));
		const second = Array.from({length: 3}, (_, i) => document(`n${i}`, ['common', `word${i}`, 'only']));
		const files = ['first', 'second', 'whole'].map(name => path.join(dir, `${name}.bin`));
		await writeFile(files[0]!, encodeSegment(first));
		await writeFile(files[1]!, encodeSegment(second));
		await writeFile(files[2]!, encodeSegment([...first, ...second]));
		const parts = files.slice(0, 2).map(file => Segment.open(file));
		try {
			mergeSegments(parts, path.join(dir, 'merged.bin'));
		} finally {
			for (const part of parts) {
				part.close();
			}
		}

		expect(await readFile(path.join(dir, 'merged.bin'))).toEqual(await readFile(files[2]!));
		const merged = Segment.open(path.join(dir, 'merged.bin'));
		try {
			expect(merged.postings(merged.vocabulary.indexOf('common')).docs).toHaveLength(33_003);
			expect([...merged.postings(merged.vocabulary.indexOf('word1')).docs]).toEqual([1, 33_001]);
		} finally {
			merged.close();
		}
	});
});
