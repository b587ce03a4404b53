import {describe, expect, it} from 'vitest';
import {maxSegments, parseManifest, planRefresh, type IndexedSession, type SegmentEntry} from '../../source/search/manifest.js';

const v = (mtimeMs: number) => ({mtimeMs, size: 100});

function segment(file: string, sessions: Record<string, {at: number; count: number}>): SegmentEntry {
	let first = 0;
	const entries = Object.entries(sessions).map(([name, {at, count}]) => {
		const entry: [string, IndexedSession] = [name, {version: v(at), source: v(at), first, count, drops: []}];
		first += count;
		return entry;
	});
	return {file, documents: first, sessions: Object.fromEntries(entries)};
}

describe('refreshing the recall index', () => {
	it('keeps what is current and indexes only new and changed sessions', () => {
		const saved = [segment('seg-1.bin', {a: {at: 1, count: 10}, b: {at: 1, count: 10}, c: {at: 1, count: 10}})];
		const plan = planRefresh(saved, new Map([['a', v(1)], ['b', v(2)], ['c', v(1)], ['d', v(1)]]));
		expect(plan.index).toEqual(['b', 'd']);
		expect(Object.keys(plan.keep[0]!.sessions)).toEqual(['a', 'c']);
	});

	it('changes nothing when nothing changed, even for sessions without messages', () => {
		const saved = [segment('seg-1.bin', {a: {at: 1, count: 10}, empty: {at: 1, count: 0}})];
		expect(planRefresh(saved, new Map([['a', v(1)], ['empty', v(1)]]))).toEqual({keep: saved, index: []});
	});

	it('moves the live sessions of a mostly stale segment, and drops segments of deleted sessions', () => {
		const saved = [segment('seg-1.bin', {big: {at: 1, count: 60}, small: {at: 1, count: 40}}), segment('seg-2.bin', {gone: {at: 1, count: 5}})];
		const plan = planRefresh(saved, new Map([['big', v(2)], ['small', v(1)]]));
		expect(plan).toEqual({keep: [], index: ['big', 'small']});
	});

	it('folds the smallest segments into the new one when there would be too many', () => {
		const saved = Array.from({length: maxSegments}, (_, i) => segment(`seg-${i}.bin`, {[`s${i}`]: {at: 1, count: 100 - i}}));
		const plan = planRefresh(saved, new Map([...saved.map((_, i) => [`s${i}`, v(1)] as const), ['new', v(1)]]));
		expect(plan.keep).toHaveLength(maxSegments - 1);
		expect(plan.index).toEqual(['new', `s${maxSegments - 1}`]);
	});

	it('reads back only a manifest it wrote', () => {
		const manifest = {format: 4, segments: [segment('seg-1.bin', {a: {at: 1, count: 1}})]};
		expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
		expect(parseManifest('{"format":1}')).toBeUndefined();
		expect(parseManifest(JSON.stringify({...manifest, format: 2}))).toBeUndefined(); // segments of words, not stems: rebuilt
		expect(parseManifest(JSON.stringify({...manifest, format: 3}))).toBeUndefined(); // a vocabulary of lines, CJK sentences as one term: rebuilt
		expect(parseManifest(JSON.stringify({format: 4, segments: [{file: '../../etc/passwd', documents: 0, sessions: {}}]}))).toBeUndefined();
		expect(parseManifest('not json')).toBeUndefined();
	});
});
