/**
 * Which documents of a segment a query may return: those of one session, of a time span, or the last few
 * messages before each time a session's link dropped ("what were we working on before the drop?").
 */
import type {IndexedSession} from './manifest.js';

/** Times in milliseconds, as `Date.parse` gives them. */
export type RecallFilter = {session?: string; since?: number; until?: number; beforeDrop?: boolean};

/** How many messages before a drop say what was happening then. */
export const messagesBeforeDrop = 5;

/** 1 for each document the filter lets through; undefined when there is no filter. */
export function wantedDocuments(sessions: Readonly<Record<string, IndexedSession>>, times: Uint32Array, filter: RecallFilter): Uint8Array | undefined {
	const {session, since, until, beforeDrop = false} = filter;
	if (session === undefined && since === undefined && until === undefined && !beforeDrop) {
		return undefined;
	}

	const inSpan = (doc: number) => (since === undefined || times[doc]! * 1000 >= Math.floor(since / 1000) * 1000) && (until === undefined || times[doc]! * 1000 <= until);
	const wanted = new Uint8Array(times.length);
	for (const [name, {first, count, drops}] of Object.entries(sessions)) {
		if (session !== undefined && name !== session) {
			continue;
		}

		if (!beforeDrop) {
			for (let doc = first; doc < first + count; doc++) {
				wanted[doc] = inSpan(doc) ? 1 : 0;
			}

			continue;
		}

		for (const drop of drops) {
			let taken = 0;
			for (let doc = first + count - 1; doc >= first && taken < messagesBeforeDrop; doc--) {
				if (times[doc]! <= drop) {
					taken++;
					wanted[doc] = inSpan(doc) ? 1 : 0;
				}
			}
		}
	}

	return wanted;
}

/** The sessions of a segment's documents, and the number of each document's session among them. */
export function owners(sessions: Readonly<Record<string, IndexedSession>>, documents: number): {sessionNames: string[]; owners: Uint32Array} {
	const sessionNames = Object.keys(sessions);
	const table = new Uint32Array(documents);
	for (const [number, name] of sessionNames.entries()) {
		const {first, count} = sessions[name]!;
		table.fill(number, first, first + count);
	}

	return {sessionNames, owners: table};
}

/** The first drop at or after `time` (seconds), if any: the one a message came just before. */
export function dropAfter(drops: readonly number[], time: number): number | undefined {
	return drops.find(drop => drop >= time);
}
