/**
 * Which words of a vocabulary a query word stands for, and how much each counts: the word itself fully,
 * longer words it begins less (the more letters added, the less), and for words of five letters or more,
 * words a typo or two away (one per five letters).
 */
export type Expansion = {index: number; term: string; weight: number};

const prefixWeight = 0.375;
const fuzzyWeight = 0.45;
const fuzziness = 0.2;
const maxTypos = 6;

export function expand(vocabulary: readonly string[], word: string): Expansion[] {
	const found = new Map<number, number>();
	for (let index = lowerBound(vocabulary, word); index < vocabulary.length && vocabulary[index]!.startsWith(word); index++) {
		const added = vocabulary[index]!.length - word.length;
		found.set(index, added === 0 ? 1 : (prefixWeight * word.length) / (word.length + 0.3 * added));
	}

	const typos = word.length >= 5 ? Math.min(maxTypos, Math.round(word.length * fuzziness)) : 0;
	if (typos > 0) {
		for (const [index, distance] of nearMisses(vocabulary, word, typos)) {
			if (!found.has(index)) {
				found.set(index, (fuzzyWeight * word.length) / (word.length + distance));
			}
		}
	}

	return [...found].map(([index, weight]) => ({index, term: vocabulary[index]!, weight}));
}

/** The first index whose value is not below `value` in a sorted array (words by code unit, or numbers). */
export function lowerBound<T extends string | number>(sorted: ArrayLike<T>, value: T): number {
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
 * The vocabulary words within `typos` edits of `word`, with their distance. The Levenshtein table of a
 * vocabulary word is built one row per letter; in a sorted vocabulary each word shares its first letters with
 * the one before, so those rows are kept, and once a row is beyond reach every word with that beginning is skipped.
 */
export function nearMisses(vocabulary: readonly string[], word: string, typos: number): Map<number, number> {
	const found = new Map<number, number>();
	const columns = word.length + 1;
	const rows = new Int32Array((word.length + typos + 1) * columns);
	for (let j = 0; j < columns; j++) {
		rows[j] = j;
	}

	let last = '';
	let computed = 0; // rows 0..computed hold the table of `last`'s first letters
	let deadFrom = Number.POSITIVE_INFINITY; // from this row on no word can come within reach
	for (let index = 0; index < vocabulary.length; index++) {
		const term = vocabulary[index]!;
		if (Math.abs(term.length - word.length) > typos) {
			continue;
		}

		let shared = 0;
		while (shared < computed && shared < term.length && term.charCodeAt(shared) === last.charCodeAt(shared)) {
			shared++;
		}

		if (shared >= deadFrom) {
			continue;
		}

		deadFrom = Number.POSITIVE_INFINITY;
		let row = shared + 1;
		for (; row <= term.length; row++) {
			const letter = term.charCodeAt(row - 1);
			const at = row * columns;
			const above = at - columns;
			rows[at] = row;
			let best = row;
			for (let j = 1; j < columns; j++) {
				const cost = word.charCodeAt(j - 1) === letter ? 0 : 1;
				const value = Math.min(rows[above + j]! + 1, rows[at + j - 1]! + 1, rows[above + j - 1]! + cost);
				rows[at + j] = value;
				best = Math.min(best, value);
			}

			if (best > typos) {
				deadFrom = row;
				break;
			}
		}

		last = term;
		computed = Math.min(row, term.length);
		const distance = rows[term.length * columns + word.length]!;
		if (deadFrom === Number.POSITIVE_INFINITY && distance > 0 && distance <= typos) {
			found.set(index, distance);
		}
	}

	return found;
}
