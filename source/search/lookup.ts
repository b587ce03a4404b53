/**
 * Which terms of a vocabulary a query word stands for, and how much each counts: the word itself fully,
 * longer terms it begins less (the more letters added, the less), and for words of five letters or more,
 * terms a typo or two away (one per five letters). Only the terms that begin with the word, and those that
 * share its first letter and are of about its length, are looked at: the rest of the vocabulary is not read,
 * which is what keeps a query's time flat however many terms pasted logs and other scripts bring. Near
 * misses keep the first letter as Lucene's fuzzy query does with a prefix length of 1: a typo there is rare,
 * and it is what lets the search skip the rest. A word with a digit is matched only as it is (`exactOnly`).
 */
import {exactOnly} from './tokenize.js';
import type {Terms, Vocabulary} from './vocabulary.js';

export type Expansion = {index: number; term: string; weight: number};

const prefixWeight = 0.375;
const fuzzyWeight = 0.45;
const fuzziness = 0.2;
const maxTypos = 6;

export function expand(vocabulary: Terms, word: string): Expansion[] {
	const key = Buffer.from(word);
	if (exactOnly(word)) {
		const index = vocabulary.indexOf(word);
		return index === -1 ? [] : [{index, term: word, weight: 1}];
	}

	const found = new Map<number, {term: string; weight: number}>();
	const [from, to] = vocabulary.prefixRange(key);
	const longer = vocabulary.range(from, to);
	for (let index = 0; index < longer.size; index++) {
		const term = longer.term(index);
		const added = term.length - word.length;
		found.set(from + index, {term, weight: added === 0 ? 1 : (prefixWeight * word.length) / (word.length + 0.3 * added)});
	}

	const typos = word.length >= 5 ? Math.min(maxTypos, Math.round(word.length * fuzziness)) : 0;
	if (typos > 0) {
		const [letterFrom, letterTo] = vocabulary.prefixRange(Buffer.from(String.fromCodePoint(word.codePointAt(0)!)));
		const sameLetter = vocabulary.range(letterFrom, letterTo);
		for (const [index, distance] of nearMisses(sameLetter, key, typos)) {
			if (!found.has(letterFrom + index)) {
				found.set(letterFrom + index, {term: sameLetter.term(index), weight: (fuzzyWeight * word.length) / (word.length + distance)});
			}
		}
	}

	return [...found].map(([index, {term, weight}]) => ({index, term, weight}));
}

/** The first index whose value is not below `value` in a sorted array of numbers. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle]! < value) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

/**
 * The terms of `vocabulary` within `typos` edits of `word` (UTF-8 bytes; an edit is of a byte, so a letter
 * outside ASCII counts up to two), with their distance. The Levenshtein table of a term is built one row per
 * byte; in a sorted vocabulary each term shares its first bytes with the one before, so those rows are kept,
 * and once a row is beyond reach every term with that beginning is skipped.
 */
export function nearMisses(vocabulary: Vocabulary, word: Uint8Array, typos: number): Map<number, number> {
	const found = new Map<number, number>();
	const {bytes, starts} = vocabulary;
	const columns = word.length + 1;
	const rows = new Int32Array((word.length + typos + 1) * columns);
	for (let j = 0; j < columns; j++) {
		rows[j] = j;
	}

	let last = 0; // where the last term looked at starts
	let computed = 0; // rows 0..computed hold the table of the last term's first bytes
	let deadFrom = Number.POSITIVE_INFINITY; // from this row on no term can come within reach
	for (let index = 0; index < vocabulary.size; index++) {
		const start = starts[index]!;
		const length = starts[index + 1]! - start;
		if (Math.abs(length - word.length) > typos) {
			continue;
		}

		let shared = 0;
		while (shared < computed && shared < length && bytes[start + shared] === bytes[last + shared]) {
			shared++;
		}

		if (shared >= deadFrom) {
			continue;
		}

		deadFrom = Number.POSITIVE_INFINITY;
		let row = shared + 1;
		for (; row <= length; row++) {
			const letter = bytes[start + row - 1];
			const at = row * columns;
			const above = at - columns;
			rows[at] = row;
			let best = row;
			for (let j = 1; j < columns; j++) {
				const cost = word[j - 1] === letter ? 0 : 1;
				const value = Math.min(rows[above + j]! + 1, rows[at + j - 1]! + 1, rows[above + j - 1]! + cost);
				rows[at + j] = value;
				best = Math.min(best, value);
			}

			if (best > typos) {
				deadFrom = row;
				break;
			}
		}

		last = start;
		computed = Math.min(row, length);
		const distance = rows[length * columns + word.length]!;
		if (deadFrom === Number.POSITIVE_INFINITY && distance > 0 && distance <= typos) {
			found.set(index, distance);
		}
	}

	return found;
}
