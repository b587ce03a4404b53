/**
 * Segments merged into one on disk, a term at a time: the union of their vocabularies, each term's postings
 * read from each part with its document numbers shifted, and their per-document sections one after another.
 * Memory is the vocabularies and one term's postings, so an index built in pieces (to build within a memory
 * budget) is still one segment for queries to read. The file is the one the parts' documents would have made.
 */
import {closeSync, openSync, writeSync} from 'node:fs';
import {bytesOf, headerBlock, type Segment, type sectionNames} from './segment.js';

export function mergeSegments(parts: readonly Segment[], file: string): void {
	const bases = parts.map((_, index) => parts.slice(0, index).reduce((sum, part) => sum + part.documents, 0));
	const documents = parts.reduce((sum, part) => sum + part.documents, 0);
	// First pass over the union: how long the vocabulary is, and where each term's postings start.
	const starts = [0];
	let vocabularyBytes = -1;
	unionOf(parts, (term, found) => {
		vocabularyBytes += Buffer.byteLength(term) + 1;
		starts.push(starts.at(-1)! + found.reduce((sum, [part, index]) => sum + parts[part]!.termStarts[index + 1]! - parts[part]!.termStarts[index]!, 0));
	});
	const termStarts = Uint32Array.from(starts);
	const terms = termStarts.length - 1;
	const recordStarts = new Uint32Array(documents + 1);
	for (const [index, part] of parts.entries()) {
		for (let doc = 0; doc < part.documents; doc++) {
			recordStarts[bases[index]! + doc + 1] = recordStarts[bases[index]!]! + part.recordStarts[doc + 1]!;
		}
	}

	const lengths: Record<(typeof sectionNames)[number], number> = {
		vocabulary: Math.max(0, vocabularyBytes),
		termStarts: 4 * termStarts.length,
		lengths: 4 * documents,
		times: 4 * documents,
		fingerprints: 4 * documents,
		postings: 4 * termStarts[terms]!,
		records: recordStarts[documents]!,
		recordStarts: 4 * recordStarts.length,
	};
	const head = headerBlock(documents, terms, lengths);
	const fd = openSync(file, 'w', 0o600);
	try {
		const write = bufferedWriter(fd);
		write.bytes(head);
		let first = true;
		unionOf(parts, term => {
			write.bytes(Buffer.from(first ? term : `\n${term}`));
			first = false;
		});
		write.bytes(bytesOf(termStarts));
		for (const pick of [(part: Segment) => part.lengths, (part: Segment) => part.times, (part: Segment) => part.fingerprints]) {
			for (const part of parts) {
				write.bytes(bytesOf(pick(part)));
			}
		}

		// Each term's documents (shifted by their part's base), then their counts, a part at a time.
		unionOf(parts, (_, found) => {
			const lists = found.map(([part, index]) => ({base: bases[part]!, postings: parts[part]!.postings(index)}));
			for (const {base, postings} of lists) {
				write.bytes(bytesOf(base === 0 ? postings.docs : postings.docs.map(doc => doc + base)));
			}

			for (const {postings} of lists) {
				write.bytes(bytesOf(postings.frequencies));
			}
		});
		for (const part of parts) {
			write.bytes(part.recordBytes());
		}

		write.bytes(bytesOf(recordStarts));
		write.flush();
	} finally {
		closeSync(fd);
	}
}

/** Writes gathered into a megabyte before each system call: two small arrays a term were 200k calls at 100k messages. */
function bufferedWriter(fd: number): {bytes(bytes: Uint8Array): void; flush(): void} {
	const pending = Buffer.alloc(1024 * 1024);
	let used = 0;
	const all = (bytes: Uint8Array, length: number) => {
		for (let done = 0; done < length; ) {
			done += writeSync(fd, bytes, done, length - done);
		}
	};

	const flush = () => {
		all(pending, used);
		used = 0;
	};

	return {
		bytes(bytes) {
			if (used + bytes.length > pending.length) {
				flush();
			}

			if (bytes.length > pending.length) {
				all(bytes, bytes.length);
				return;
			}

			pending.set(bytes, used);
			used += bytes.length;
		},
		flush,
	};
}

/**
 * Visits the sorted union of the parts' vocabularies, each term with the (part, term number) pairs that have
 * it (an array reused from term to term). Walked again for each section rather than kept: at 100k messages
 * the union as arrays was ~10 MB of small objects.
 */
function unionOf(parts: readonly Segment[], visit: (term: string, found: ReadonlyArray<readonly [part: number, term: number]>) => void): void {
	const cursors = parts.map(() => 0);
	const found: Array<[number, number]> = [];
	for (;;) {
		let next: string | undefined;
		for (const [part, cursor] of cursors.entries()) {
			const term = parts[part]!.vocabulary[cursor];
			if (term !== undefined && (next === undefined || term < next)) {
				next = term;
			}
		}

		if (next === undefined) {
			return;
		}

		found.length = 0;
		for (const [part, cursor] of cursors.entries()) {
			if (parts[part]!.vocabulary[cursor] === next) {
				found.push([part, cursor]);
				cursors[part]!++;
			}
		}

		visit(next, found);
	}
}
