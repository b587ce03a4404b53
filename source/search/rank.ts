/**
 * Ranks the documents of index segments for a query: every query word must match (AND), and each scores by
 * BM25+ over the vocabulary words it stands for (itself, longer words it begins, near misses), weighted by
 * how closely they match.
 */
import {expand, lowerBound} from './lookup.js';
import type {Postings} from './segment.js';
import {tokenize} from './tokenize.js';

export type Searchable = {
	readonly vocabulary: readonly string[];
	/** Each document's length in terms. */
	readonly lengths: Uint32Array;
	/** 1 for the documents that count (their session is indexed as it is now, and is the one asked for); undefined: all do. */
	readonly live: Uint8Array | undefined;
	postings(term: number): Postings;
};

export type Ranked = {segment: number; doc: number; score: number; terms: string[]};

const k1 = 1.2;
const b = 0.7;
const delta = 0.5;

export function rank(segments: readonly Searchable[], query: string, limit: number): Ranked[] {
	const words = [...new Set(tokenize(query))];
	const {documents, averageLength} = statistics(segments);
	if (words.length === 0 || documents === 0) {
		return [];
	}

	const totals = segments.map(segment => new Float64Array(segment.lengths.length));
	const wordsMatched = segments.map(segment => new Uint16Array(segment.lengths.length));
	const matches: Array<{term: string; segment: number; docs: Uint32Array}> = [];
	for (const word of words) {
		const scores = segments.map(segment => new Float64Array(segment.lengths.length));
		for (const [term, {weight, lists}] of standsFor(segments, word)) {
			const frequency = lists.reduce((sum, {postings}) => sum + postings.docs.length, 0);
			const idf = Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
			for (const {segment, postings} of lists) {
				const {lengths} = segments[segment]!;
				const target = scores[segment]!;
				const {docs, frequencies} = postings;
				for (let i = 0; i < docs.length; i++) {
					const doc = docs[i]!;
					const tf = frequencies[i]!;
					const norm = k1 * (1 - b + (b * lengths[doc]!) / averageLength);
					target[doc]! += weight * idf * (delta + (tf * (k1 + 1)) / (tf + norm));
				}

				matches.push({term, segment, docs: postings.docs});
			}
		}

		for (const [segment, segmentScores] of scores.entries()) {
			const total = totals[segment]!;
			const matched = wordsMatched[segment]!;
			for (let doc = 0; doc < segmentScores.length; doc++) {
				if (segmentScores[doc]! > 0) {
					total[doc]! += segmentScores[doc]!;
					matched[doc]!++;
				}
			}
		}
	}

	return best(totals, wordsMatched, words.length, limit).map(hit => ({
		...hit,
		terms: [...new Set(matches.filter(match => match.segment === hit.segment && contains(match.docs, hit.doc)).map(match => match.term))],
	}));
}

function statistics(segments: readonly Searchable[]): {documents: number; averageLength: number} {
	let documents = 0;
	let length = 0;
	for (const {lengths, live = new Uint8Array(lengths.length).fill(1)} of segments) {
		for (let doc = 0; doc < live.length; doc++) {
			documents += live[doc]!;
			length += live[doc]! * lengths[doc]!;
		}
	}

	return {documents, averageLength: Math.max(1, length / Math.max(1, documents))};
}

/** The vocabulary words `word` stands for, with each segment's live postings of them. */
function standsFor(segments: readonly Searchable[], word: string): Map<string, {weight: number; lists: Array<{segment: number; postings: Postings}>}> {
	const terms = new Map<string, {weight: number; lists: Array<{segment: number; postings: Postings}>}>();
	for (const [segment, searchable] of segments.entries()) {
		for (const {index, term, weight} of expand(searchable.vocabulary, word)) {
			const postings = livePostings(searchable.postings(index), searchable.live);
			if (postings.docs.length === 0) {
				continue;
			}

			const entry = terms.get(term) ?? {weight, lists: []};
			entry.lists.push({segment, postings});
			terms.set(term, entry);
		}
	}

	return terms;
}

function livePostings(postings: Postings, live: Uint8Array | undefined): Postings {
	if (!live) {
		return postings;
	}

	const {docs, frequencies} = postings;
	let kept = 0;
	const keptDocs = new Uint32Array(docs.length);
	const keptFrequencies = new Uint32Array(docs.length);
	for (let i = 0; i < docs.length; i++) {
		if (live[docs[i]!]) {
			keptDocs[kept] = docs[i]!;
			keptFrequencies[kept++] = frequencies[i]!;
		}
	}

	return {docs: keptDocs.subarray(0, kept), frequencies: keptFrequencies.subarray(0, kept)};
}

/** The `limit` best scores among documents that matched every word, best first. */
function best(totals: Float64Array[], wordsMatched: Uint16Array[], words: number, limit: number): Array<{segment: number; doc: number; score: number}> {
	const scores = new Float64Array(wordsMatched.reduce((sum, matched) => sum + matched.length, 0));
	let candidates = 0;
	for (const [segment, matched] of wordsMatched.entries()) {
		const total = totals[segment]!;
		for (let doc = 0; doc < matched.length; doc++) {
			if (matched[doc] === words) {
				scores[candidates++] = total[doc]!;
			}
		}
	}

	// Sorting plain numbers natively is much cheaper than sorting hit objects; only those above the bar are built.
	const sorted = scores.subarray(0, candidates).sort();
	const bar = candidates > limit ? sorted[candidates - limit]! : 0;
	const hits: Array<{segment: number; doc: number; score: number}> = [];
	for (const [segment, matched] of wordsMatched.entries()) {
		const total = totals[segment]!;
		for (let doc = 0; doc < matched.length; doc++) {
			if (matched[doc] === words && total[doc]! >= bar) {
				hits.push({segment, doc, score: total[doc]!});
			}
		}
	}

	return hits.sort((a, b) => b.score - a.score).slice(0, limit);
}

function contains(sorted: Uint32Array, value: number): boolean {
	return sorted[lowerBound(sorted, value)] === value;
}
