/**
 * Choosing among scored documents: a session's repeated messages discounted, then the best few of each
 * session, or the best overall.
 */

/** A segment's documents as sessions: which session each is a message of, and its fingerprint. */
export type Grouped = {readonly sessionNames: readonly string[]; readonly owners: Uint32Array; readonly fingerprints: Uint32Array};

/**
 * A message its session repeats (a heartbeat, a status line, "keepalive ok" forty times) tells little each
 * time, as a common word does: its score is divided by 1 + ln(copies), so a session's chatter does not
 * outrank another session's one message that says the thing. `docs` are the segment's scored documents, in
 * order; the other scores are 0 and left so.
 */
export function discountRepeats({owners, fingerprints}: Grouped, scores: Float64Array, docs: Uint32Array): void {
	// A session's documents are one run of a segment. Its scored ones are sorted by fingerprint (a key of the
	// fingerprint and the document's place among them, sorted natively), and each run of equal ones counted.
	const keys = new Float64Array(docs.length);
	for (let start = 0; start < docs.length; ) {
		let end = start;
		for (; end < docs.length && owners[docs[end]!] === owners[docs[start]!]; end++) {
			keys[end - start] = fingerprints[docs[end]!]! * placeLimit + (end - start);
		}

		const sorted = keys.subarray(0, end - start).toSorted();
		for (let i = 0; i < sorted.length; ) {
			const fingerprint = Math.floor(sorted[i]! / placeLimit);
			let j = i + 1;
			while (j < sorted.length && Math.floor(sorted[j]! / placeLimit) === fingerprint) {
				j++;
			}

			// A fingerprint seen once is left as it is.
			const repeatsEnd = j - i > 1 ? j : i;
			for (let k = i; k < repeatsEnd; k++) {
				scores[docs[start + (sorted[k]! % placeLimit)]!]! /= 1 + Math.log(j - i);
			}

			i = j;
		}

		start = end;
	}
}

/** Above any document's place in its session's run; a fingerprint (32 bits) times this stays an exact double. */
const placeLimit = 2 ** 21;

export type Chosen = {segment: number; doc: number; session: string; score: number};

/**
 * The best documents offered: the best `limit`, at most `perSession` of a session if set, then grouped by
 * session (sessions by their best). Only documents that may make it are kept, so offering every match of a
 * common word costs no allocation each.
 */
export class Best {
	readonly #kept: Chosen[] = [];
	readonly #groups = new Map<string, Chosen[]>();
	#bar = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly segments: readonly Grouped[],
		private readonly options: {limit: number; perSession?: number | undefined},
	) {}

	offer(segment: number, doc: number, score: number): void {
		const {perSession, limit} = this.options;
		if (perSession === undefined) {
			if (score < this.#bar) {
				return;
			}

			this.#kept.push({segment, doc, session: '', score});
			if (this.#kept.length >= 2 * limit) {
				this.#kept.sort(byScore);
				this.#kept.length = limit;
				this.#bar = this.#kept.at(-1)!.score;
			}

			return;
		}

		const {sessionNames, owners} = this.segments[segment]!;
		const session = sessionNames[owners[doc]!]!;
		const group = this.#groups.get(session) ?? [];
		if (group.length === perSession && score <= group.at(-1)!.score) {
			return;
		}

		group.push({segment, doc, session, score});
		group.sort(byScore);
		group.length = Math.min(group.length, perSession);
		this.#groups.set(session, group);
	}

	/**
	 * Offers the documents `docs` of `segment` (in order) by their `scores`. Grouped, a session's documents being
	 * one run of the segment, its best few are found in one pass over the run and only they are offered:
	 * offering every match of a common word one by one looked its session up and sorted its group each time (a
	 * third of a query's time).
	 */
	offerAll(segment: number, scores: Float64Array, docs: Uint32Array): void {
		const {perSession} = this.options;
		if (perSession === undefined) {
			for (let i = 0; i < docs.length; i++) {
				this.offer(segment, docs[i]!, scores[docs[i]!]!);
			}

			return;
		}

		const {owners} = this.segments[segment]!;
		const topScores = new Float64Array(perSession);
		const topDocs = new Int32Array(perSession);
		for (let start = 0; start < docs.length; ) {
			let kept = 0;
			let end = start;
			for (; end < docs.length && owners[docs[end]!] === owners[docs[start]!]; end++) {
				const doc = docs[end]!;
				const score = scores[doc]!;
				if (kept === perSession && score <= topScores[kept - 1]!) {
					continue;
				}

				// Insertion into the few kept, best first; an equal score stays behind the earlier document.
				let at = Math.min(kept, perSession - 1);
				while (at > 0 && topScores[at - 1]! < score) {
					topScores[at] = topScores[at - 1]!;
					topDocs[at] = topDocs[at - 1]!;
					at--;
				}

				topScores[at] = score;
				topDocs[at] = doc;
				kept = Math.min(kept + 1, perSession);
			}

			for (let i = 0; i < kept; i++) {
				this.offer(segment, topDocs[i]!, topScores[i]!);
			}

			start = end;
		}
	}

	hits(): Chosen[] {
		const {limit, perSession} = this.options;
		if (perSession === undefined) {
			return this.#kept
				.toSorted(byScore)
				.slice(0, limit)
				.map(hit => ({...hit, session: this.segments[hit.segment]!.sessionNames[this.segments[hit.segment]!.owners[hit.doc]!]!}));
		}

		// Each session's best few, merged: the same as taking the best overall while skipping a full session.
		const chosen = [...this.#groups.values()].flat().toSorted(byScore).slice(0, limit);
		const grouped = new Map<string, Chosen[]>();
		for (const hit of chosen) {
			grouped.set(hit.session, [...(grouped.get(hit.session) ?? []), hit]);
		}

		return [...grouped.values()].flat();
	}
}

function byScore(x: Chosen, y: Chosen): number {
	return y.score - x.score || x.segment - y.segment || x.doc - y.doc;
}
