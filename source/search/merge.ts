/**
 * Segments merged into one on disk, a term at a time: the union of their vocabularies, each term's postings
 * read from each part with its document numbers shifted, and their per-document sections one after another.
 * Memory is the vocabularies and one term's postings, so an index built in pieces (to build within a memory
 * budget) is still one segment for queries to read. The file is the one the parts' documents would have made.
 */
import {closeSync, openSync, writeSync} from 'node:fs';
import {bytesOf, headerBlock, type Segment, type sectionNames} from './segment.js';
import type {Vocabulary} from './vocabulary.js';

export function mergeSegments(parts: readonly Segment[], file: string): void {
	const bases = parts.map((_, index) => parts.slice(0, index).reduce((sum, part) => sum + part.documents, 0));
	const documents = parts.reduce((sum, part) => sum + part.documents, 0);
	// The parts' vocabularies, read whole: the union walks every term of each.
	const vocabularies = parts.map(({vocabulary}) => vocabulary.range(0, vocabulary.size));
	// First pass over the union: where each term's bytes and its postings start.
	const vocabularyStarts = new Numbers();
	const starts = new Numbers();
	unionOf(vocabularies, (term, found) => {
		vocabularyStarts.push(vocabularyStarts.last + term.length);
		starts.push(starts.last + found.reduce((sum, [part, index]) => sum + parts[part]!.termStarts[index + 1]! - parts[part]!.termStarts[index]!, 0));
	});
	const termStarts = starts.values;
	const terms = termStarts.length - 1;
	const recordStarts = new Uint32Array(documents + 1);
	for (const [index, part] of parts.entries()) {
		for (let doc = 0; doc < part.documents; doc++) {
			recordStarts[bases[index]! + doc + 1] = recordStarts[bases[index]!]! + part.recordStarts[doc + 1]!;
		}
	}

	const lengths: Record<(typeof sectionNames)[number], number> = {
		vocabulary: vocabularyStarts.last,
		vocabularyStarts: 4 * (terms + 1),
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
		unionOf(vocabularies, term => {
			write.bytes(term);
		});
		write.bytes(bytesOf(vocabularyStarts.values));
		write.bytes(bytesOf(termStarts));
		for (const pick of [(part: Segment) => part.lengths, (part: Segment) => part.times, (part: Segment) => part.fingerprints]) {
			for (const part of parts) {
				write.bytes(bytesOf(pick(part)));
			}
		}

		// Each term's documents (shifted by their part's base), then their counts, a part at a time.
		unionOf(vocabularies, (_, found) => {
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
 * Visits the sorted union of the parts' vocabularies, each term (its bytes) with the (part, term number) pairs
 * that have it (an array reused from term to term). Walked again for each section rather than kept: at 100k
 * messages the union as arrays was ~10 MB of small objects.
 */
function unionOf(parts: readonly Vocabulary[], visit: (term: Uint8Array, found: ReadonlyArray<readonly [part: number, term: number]>) => void): void {
	const cursors = parts.map(() => 0);
	const found: Array<[number, number]> = [];
	for (;;) {
		// The least term at a cursor, as the part that has it: compared in place, no copy of each term's bytes.
		let least = -1;
		for (const [part, cursor] of cursors.entries()) {
			if (cursor < parts[part]!.size && (least === -1 || compareAt(parts, part, cursor, least, cursors[least]!) < 0)) {
				least = part;
			}
		}

		if (least === -1) {
			return;
		}

		const leastAt = cursors[least]!;
		found.length = 0;
		for (const [part, cursor] of cursors.entries()) {
			if (part === least || (cursor < parts[part]!.size && compareAt(parts, part, cursor, least, leastAt) === 0)) {
				found.push([part, cursor]);
				cursors[part]!++;
			}
		}

		visit(parts[least]!.termBytes(leastAt), found);
	}
}

/** How term `x` of part `xPart` compares with term `y` of part `yPart`, by their bytes. */
function compareAt(parts: readonly Vocabulary[], xPart: number, x: number, yPart: number, y: number): number {
	const {bytes: xBytes, starts: xStarts} = parts[xPart]!;
	const {bytes: yBytes, starts: yStarts} = parts[yPart]!;
	return xBytes.compare(yBytes, yStarts[y], yStarts[y + 1], xStarts[x], xStarts[x + 1]);
}

/** A growing array of 32-bit numbers that starts with 0, doubled when full. */
class Numbers {
	#values = new Uint32Array(1024);
	#length = 1;

	get last(): number {
		return this.#values[this.#length - 1]!;
	}

	push(value: number): void {
		if (this.#length === this.#values.length) {
			const grown = new Uint32Array(2 * this.#length);
			grown.set(this.#values);
			this.#values = grown;
		}

		this.#values[this.#length++] = value;
	}

	get values(): Uint32Array {
		return this.#values.subarray(0, this.#length);
	}
}
