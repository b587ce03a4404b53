/**
 * Ranks the documents of index segments for a query in plain language. A document matches when it has at
 * least half of the query's meaningful words (rounded up); it scores by BM25+ over the vocabulary terms each
 * word stands for (its stem, longer terms it begins, near misses), times a coverage boost (the share of the
 * words it has, squared: Lucene's classic `coord`, made steeper), divided by how often its session says the
 * same thing. Unless asked for one flat list, a few best documents of each session are kept, sessions by their best.
 */
import {grown} from '../lean-heap.js';
import {expand, lowerBound} from './lookup.js';
import type {Postings} from './segment.js';
import {Best, discountRepeats} from './select.js';
import {queryWords} from './tokenize.js';
import type {Terms} from './vocabulary.js';

export type Searchable = {
	readonly vocabulary: Terms;
	/** Each document's length in terms. */
	readonly lengths: Uint32Array;
	/** Each document's time, in seconds. */
	readonly times: Uint32Array;
	readonly fingerprints: Uint32Array;
	/** 1 for the documents that count (their session is indexed as it is now); undefined: all do. */
	readonly live: Uint8Array | undefined;
	/** 1 for the live documents a query may return (the session, time and drop filters); undefined: every live one. */
	readonly wanted: Uint8Array | undefined;
	/** The sessions of the segment's documents, and for each document the number of its session there. */
	readonly sessionNames: readonly string[];
	readonly owners: Uint32Array;
	postings(term: number): Postings;
};

export type Ranked = {segment: number; doc: number; session: string; score: number; terms: string[]};

export type RankOptions = {
	limit: number;
	/** At most this many documents of each session, the sessions ordered by their best; undefined: one flat list. */
	perSession?: number;
};

/** The hits, and for each meaningful word of the query whether any document that may be returned has it. */
export type Ranking = {hits: Ranked[]; words: Array<{word: string; found: boolean}>};

const k1 = 1.2;
const b = 0.7;
const delta = 0.5;

export function rank(segments: readonly Searchable[], query: string, options: RankOptions): Ranking {
	const words = queryWords(query);
	const {documents, averageLength} = statistics(segments);
	// Only the documents a word reaches are visited after the postings: a query over 100k messages whose words
	// are in a few thousand touches those, where a pass per word over every document cost it most of its time.
	const tallies = segments.map(segment => new Tally(segment.lengths.length));
	const matches: Array<{term: string; segment: number; docs: Uint32Array}> = [];
	const found = words.map(() => false);
	for (const [position, word] of words.entries()) {
		for (const [term, {weight, lists}] of standsFor(segments, word)) {
			const frequency = lists.reduce((sum, {postings}) => sum + postings.docs.length, 0);
			const idf = Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
			for (const {segment, postings} of lists) {
				const {lengths, wanted} = segments[segment]!;
				if (tallies[segment]!.add(postings, position, weight * idf, lengths, averageLength, wanted)) {
					found[position] = true;
				}

				matches.push({term, segment, docs: postings.docs});
			}
		}
	}

	const required = Math.ceil(words.length / 2);
	const best = new Best(segments, options);
	for (const [segment, tally] of tallies.entries()) {
		const {docs, scores} = tally.covering(required, words.length);
		discountRepeats(segments[segment]!, scores, docs);
		best.offerAll(segment, scores, docs);
	}

	const hits = best.hits().map(hit => ({
		...hit,
		terms: [...new Set(matches.filter(match => match.segment === hit.segment && contains(match.docs, hit.doc)).map(match => match.term))],
	}));
	return {hits, words: words.map(({word}, position) => ({word, found: found[position]!}))};
}

/** One segment's scores summed over a query's words, and how many of the words each document has. */
class Tally {
	/** Each document's score so far; only the `touched` ones are ever not 0. */
	readonly #totals: Float64Array;
	readonly #matched: Uint16Array;
	/** The position + 1 of the last word that reached each document: a word's terms count once toward coverage. */
	readonly #lastWord: Uint16Array;
	#touched = new Uint32Array(1024);
	#count = 0;

	constructor(documents: number) {
		this.#totals = new Float64Array(documents);
		this.#matched = new Uint16Array(documents);
		this.#lastWord = new Uint16Array(documents);
	}

	/**
	 * Adds a term's BM25+ scores, weighted by `weight` (its idf, and how near the query word it is), to the documents
	 * of its `postings` that are `wanted`; true if any was. One loop over local arrays: cold, as every query of a
	 * command is, a call per posting ran in V8's interpreter at several times the cost.
	 */
	add(postings: Postings, word: number, weight: number, lengths: Uint32Array, averageLength: number, wanted: Uint8Array | undefined): boolean {
		const {docs, frequencies} = postings;
		const totals = this.#totals;
		const matched = this.#matched;
		const lastWord = this.#lastWord;
		let touched = this.#touched;
		let count = this.#count;
		let any = false;
		for (let i = 0; i < docs.length; i++) {
			const doc = docs[i]!;
			if (wanted !== undefined && wanted[doc] !== 1) {
				continue;
			}

			if (matched[doc] === 0) {
				if (count === touched.length) {
					touched = grown(touched, count + 1);
				}

				touched[count++] = doc;
			}

			if (lastWord[doc] !== word + 1) {
				lastWord[doc] = word + 1;
				matched[doc]!++;
			}

			const tf = frequencies[i]!;
			const norm = k1 * (1 - b + (b * lengths[doc]!) / averageLength);
			totals[doc]! += weight * (delta + (tf * (k1 + 1)) / (tf + norm));
			any = true;
		}

		this.#touched = touched;
		this.#count = count;
		return any;
	}

	/**
	 * The documents with at least `required` of the `words`, in order, and the scores of all (0 for the rest):
	 * each total times the coverage boost, the share of the words a document has, squared.
	 */
	covering(required: number, words: number): {docs: Uint32Array; scores: Float64Array} {
		const touched = this.#touched.subarray(0, this.#count).toSorted();
		let kept = 0;
		for (let i = 0; i < touched.length; i++) {
			const doc = touched[i]!;
			const matched = this.#matched[doc]!;
			if (required > 0 && matched >= required) {
				this.#totals[doc]! *= (matched / words) ** 2;
				touched[kept++] = doc;
			} else {
				this.#totals[doc] = 0;
			}
		}

		return {docs: touched.subarray(0, kept), scores: this.#totals};
	}
}

/** The latest documents that may be returned, with no query: for "what was happening then". */
export function latest(segments: readonly Searchable[], options: RankOptions): Ranked[] {
	const best = new Best(segments, options);
	for (const [segment, {lengths, times, live, wanted}] of segments.entries()) {
		for (let doc = 0; doc < lengths.length; doc++) {
			if ((live === undefined || live[doc] === 1) && (wanted === undefined || wanted[doc] === 1)) {
				// Later is better; the document number keeps a session's messages of one second in their order.
				best.offer(segment, doc, times[doc]! + doc / (lengths.length + 1));
			}
		}
	}

	return best.hits().map(hit => ({...hit, score: 0, terms: []}));
}

function statistics(segments: readonly Searchable[]): {documents: number; averageLength: number} {
	let documents = 0;
	let length = 0;
	for (const {lengths, live} of segments) {
		for (let doc = 0; doc < lengths.length; doc++) {
			if (live === undefined || live[doc] === 1) {
				documents++;
				length += lengths[doc]!;
			}
		}
	}

	return {documents, averageLength: Math.max(1, length / Math.max(1, documents))};
}

type Lists = Array<{segment: number; postings: Postings}>;

/**
 * The vocabulary terms a query word stands for, with each segment's live postings of them: those its stem
 * stands for, and those the word as typed begins ("deploy" is indexed as "deploi", "deployment" as "deploy").
 */
function standsFor(segments: readonly Searchable[], {word, term: stemmed}: {word: string; term: string}): Map<string, {weight: number; lists: Lists}> {
	const terms = new Map<string, {weight: number; lists: Lists}>();
	for (const [segment, searchable] of segments.entries()) {
		const weights = new Map<number, {term: string; weight: number}>();
		for (const spelling of new Set([stemmed, word])) {
			for (const {index, term, weight} of expand(searchable.vocabulary, spelling)) {
				weights.set(index, {term, weight: Math.max(weight, weights.get(index)?.weight ?? 0)});
			}
		}

		for (const [index, {term, weight}] of weights) {
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

function contains(sorted: Uint32Array, value: number): boolean {
	return sorted[lowerBound(sorted, value)] === value;
}
