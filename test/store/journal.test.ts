import {describe, expect, it} from 'vitest';
import {applyPatch, diff, readJournal} from '../../source/store/journal.js';

const a = {id: 'a'};
const b = {id: 'b'};
const c = {id: 'c'};

describe('journal patches', () => {
	it.each([
		['an appended element', {items: [a, b]}, {items: [a, b, c]}],
		['the last element replaced', {items: [a, b]}, {items: [a, c]}],
		['elements removed from the end', {items: [a, b, c]}, {items: [a]}],
		['an element inserted in the middle', {items: [a, c]}, {items: [a, b, c]}],
		['a value set and one removed', {name: 'x', archivedAt: 'then', items: [a]}, {name: 'y', items: [a]}],
		['a new key', {items: [a]}, {items: [a], extra: {deep: true}}],
	])('bring the document to its next version: %s', (_case, before, after) => {
		const patch = diff(before, after, 100);
		expect(patch).toBeTruthy();
		expect(applyPatch(before, patch!)).toEqual(after);
		// Through the journal's text form, as a reader sees it.
		expect(applyPatch(before, readJournal(`${JSON.stringify(patch)}\n`).patches[0]!)).toEqual(after);
	});

	it('are small when only the end changed, absent when nothing did, and refused when too large', () => {
		const many = Array.from({length: 1000}, (_, i) => ({id: i}));
		expect(diff({items: many}, {items: [...many, a]}, 100)).toEqual({tails: {items: [1000, [a]]}});
		expect(diff({items: many}, {items: [...many]}, 100)).toBeNull();
		expect(diff({items: many}, {items: [a, ...many]}, 100)).toBeUndefined();
	});

	it('keep only the new end of a text that grew, so a streaming reply journals what it adds', () => {
		const streaming = {id: 'r', status: 'streaming', text: 'Hello'};
		const grown = {...streaming, text: 'Hello, world'};
		const done = {...grown, status: 'final', text: 'Hello, world.'};
		const first = diff({items: [a, streaming]}, {items: [a, grown]}, 100)!;
		expect(first).toEqual({edits: {items: [1, {}, {text: [5, ', world']}]}});
		const second = diff({items: [a, grown]}, {items: [a, done, b]}, 100)!;
		expect(second).toEqual({edits: {items: [1, {status: 'final'}, {text: [12, '.']}]}, tails: {items: [2, [b]]}});
		const after = [first, second].reduce(applyPatch, {items: [a, streaming]});
		expect(after).toEqual({items: [a, done, b]});
		// A crash between folding the journal into the file and removing it leaves the patches to be read again.
		expect([first, second].reduce(applyPatch, after)).toEqual(after);
	});

	it('are read up to a line cut short, which is reported', () => {
		expect(readJournal('')).toEqual({patches: [], torn: false});
		expect(readJournal('{"set":{"n":1}}\n{"set":{"n":2}}\n')).toEqual({patches: [{set: {n: 1}}, {set: {n: 2}}], torn: false});
		expect(readJournal('{"set":{"n":1}}\n{"set":{"n"')).toEqual({patches: [{set: {n: 1}}], torn: true});
	});
});
