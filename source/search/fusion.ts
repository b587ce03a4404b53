/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and
 * individual Rank Learning Methods", SIGIR 2009): each list gives a document 1 / (k + its rank), summed over
 * the lists. It needs only ranks, so words' BM25 scores and vectors' cosines mix without calibrating either.
 */
export type Placed = {segment: number; doc: number};

/** The constant of the paper, which it found good across collections. */
export const fusionConstant = 60;

/** Every document of the lists, with its fused score, best first. */
export function fuse(lists: ReadonlyArray<readonly Placed[]>, k = fusionConstant): Array<Placed & {score: number}> {
	const fused = new Map<string, Placed & {score: number}>();
	for (const list of lists) {
		for (const [rank, {segment, doc}] of list.entries()) {
			const key = `${segment}/${doc}`;
			const entry = fused.get(key) ?? {segment, doc, score: 0};
			entry.score += 1 / (k + rank + 1);
			fused.set(key, entry);
		}
	}

	return [...fused.values()].toSorted((x, y) => y.score - x.score || x.segment - y.segment || x.doc - y.doc);
}
