/**
 * Segments merged into one on disk, a term at a time: the union of their vocabularies, each term's postings
 * read from each part with its document numbers shifted, and their per-document sections one after another.
 * The parts' vocabularies are read as they are walked, a block of terms at a time, and the four per-term
 * sections are written at once, each through its own buffer at its place in the file: memory is a few
 * megabytes whatever the size, where reading the vocabularies whole and keeping the union's tables was
 * ~25 MB at 100 unkind sessions (bench/README.md). The file is the one the parts' documents would have made.
 */
import {closeSync, openSync, writeSync} from 'node:fs';
import {bytesOf, headerBlock, headerSpace, type Segment, type sectionNames} from './segment.js';
import type {Vocabulary} from './vocabulary.js';

/** Terms read from a part at once: their starts, bytes and postings starts, a few hundred kilobytes. */
const blockTerms = 16_384;
/**
 * The postings read from a part at once, in 32-bit words (256 KB): read a term at a time they were a system
 * call a term and a part, millions at 50,000 messages and a quarter of the build's time.
 */
const windowWords = 64 * 1024;
/** Each writer's buffer, in bytes: four of them at once. */
const writerBytes = 256 * 1024;

export function mergeSegments(parts: readonly Segment[], file: string): void {
	const bases = parts.map((_, index) => parts.slice(0, index).reduce((sum, part) => sum + part.documents, 0));
	const documents = parts.reduce((sum, part) => sum + part.documents, 0);
	// First pass over the union: how many terms, their bytes and their postings (the header gives each section's place).
	let terms = 0;
	let vocabularyBytes = 0;
	let words = 0;
	unionOf(parts, (term, found) => {
		terms++;
		vocabularyBytes += term.length;
		for (const cursor of found) {
			words += cursor.words;
		}
	});
	const recordsBytes = parts.reduce((sum, part) => sum + part.recordStarts[part.documents]!, 0);
	const lengths: Record<(typeof sectionNames)[number], number> = {
		vocabulary: vocabularyBytes,
		vocabularyStarts: 4 * (terms + 1),
		termStarts: 4 * (terms + 1),
		lengths: 4 * documents,
		times: 4 * documents,
		fingerprints: 4 * documents,
		postings: 4 * words,
		records: recordsBytes,
		recordStarts: 4 * (documents + 1),
	};
	const fd = openSync(file, 'w', 0o600);
	try {
		const head = headerBlock(documents, terms, lengths);
		writeAt(fd, head, 0);
		// Each section starts where the ones before it end (headerBlock's layout).
		let offset = headerSpace;
		const at = Object.fromEntries(
			Object.entries(lengths).map(([name, length]) => {
				const start = offset;
				offset += length;
				return [name, start];
			}),
		) as Record<(typeof sectionNames)[number], number>;
		const vocabulary = bufferedWriter(fd, at.vocabulary);
		const vocabularyStarts = bufferedWriter(fd, at.vocabularyStarts);
		const termStarts = bufferedWriter(fd, at.termStarts);
		const postings = bufferedWriter(fd, at.postings);
		let termOffset = 0;
		let wordOffset = 0;
		vocabularyStarts.number(0);
		termStarts.number(0);
		// Each term's documents (shifted by their part's base), then their counts, a part at a time.
		unionOf(parts, (term, found) => {
			vocabulary.bytes(term);
			termOffset += term.length;
			vocabularyStarts.number(termOffset);
			const lists = found.map(cursor => ({base: bases[cursor.part]!, words: cursor.postings()}));
			for (const {base, words} of lists) {
				const docs = words.subarray(0, words.length / 2);
				if (base > 0) {
					for (let i = 0; i < docs.length; i++) {
						docs[i]! += base;
					}
				}

				postings.bytes(bytesOf(docs));
			}

			for (const {words} of lists) {
				postings.bytes(bytesOf(words.subarray(words.length / 2)));
			}

			wordOffset += lists.reduce((sum, {words}) => sum + words.length, 0);
			termStarts.number(wordOffset);
		});
		for (const writer of [vocabulary, vocabularyStarts, termStarts, postings]) {
			writer.flush();
		}

		const perDocument = bufferedWriter(fd, at.lengths);
		for (const pick of [(part: Segment) => part.lengths, (part: Segment) => part.times, (part: Segment) => part.fingerprints]) {
			for (const part of parts) {
				perDocument.bytes(bytesOf(pick(part)));
			}
		}

		perDocument.flush();
		// The records and their starts come after the postings.
		const rest = bufferedWriter(fd, at.records);
		for (const part of parts) {
			for (const chunk of part.recordBytes()) {
				rest.bytes(chunk);
			}
		}

		// Each part's record starts, shifted by the records before it; the first part's 0 is the file's first.
		let recordBase = 0;
		rest.number(0);
		for (const part of parts) {
			const starts = part.recordStarts;
			for (let doc = 1; doc <= part.documents; doc++) {
				rest.number(recordBase + starts[doc]!);
			}

			recordBase += starts[part.documents]!;
		}

		rest.flush();
	} finally {
		closeSync(fd);
	}
}

function writeAt(fd: number, bytes: Uint8Array, position: number): void {
	for (let done = 0; done < bytes.length; ) {
		done += writeSync(fd, bytes, done, bytes.length - done, position + done);
	}
}

type Writer = {bytes(bytes: Uint8Array): void; number(value: number): void; flush(): void};

/**
 * Writes from `position` on, gathered in a buffer before each system call (two small arrays a term were 200k
 * calls at 100k messages); several write different sections of one file at once.
 */
function bufferedWriter(fd: number, position: number): Writer {
	const pending = Buffer.alloc(writerBytes);
	let used = 0;
	const flush = () => {
		writeAt(fd, pending.subarray(0, used), position);
		position += used;
		used = 0;
	};

	return {
		bytes(bytes) {
			if (used + bytes.length > pending.length) {
				flush();
			}

			if (bytes.length > pending.length) {
				writeAt(fd, bytes, position);
				position += bytes.length;
				return;
			}

			pending.set(bytes, used);
			used += bytes.length;
		},
		number(value) {
			if (used + 4 > pending.length) {
				flush();
			}

			pending.writeUInt32LE(value, used);
			used += 4;
		},
		flush,
	};
}

/** A part's terms in order, read a block at a time: the current term's bytes and its postings. */
class TermCursor {
	/** The current term's number in its part. */
	index = 0;
	#from = 0;
	#block: Vocabulary | undefined;
	#starts: Uint32Array = new Uint32Array(1);
	/** Postings words `#windowFrom` to `#windowTo`, read ahead of the terms that ask for them. */
	readonly #window = new Uint32Array(windowWords);
	#windowFrom = 0;
	#windowTo = 0;

	constructor(
		readonly part: number,
		private readonly segment: Segment,
	) {
		this.#read();
	}

	get done(): boolean {
		return this.index >= this.segment.vocabulary.size;
	}

	/** The current term's bytes, not copied (valid until the cursor moves). */
	get term(): Buffer {
		return this.#block!.termBytes(this.index - this.#from);
	}

	/** How many 32-bit words the current term's postings are. */
	get words(): number {
		const at = this.index - this.#from;
		return this.#starts[at + 1]! - this.#starts[at]!;
	}

	/** The current term's postings: its documents, then their counts (valid until the cursor moves; may be changed). */
	postings(): Uint32Array {
		const at = this.index - this.#from;
		const [start, end] = [this.#starts[at]!, this.#starts[at + 1]!];
		if (end - start > this.#window.length) {
			return this.segment.readPostings(start, end);
		}

		// Terms are visited in the order their postings are stored: read ahead a window of them at once.
		if (start < this.#windowFrom || end > this.#windowTo) {
			this.#windowFrom = start;
			this.#windowTo = Math.min(start + this.#window.length, this.segment.postingsWords);
			this.segment.readPostings(start, this.#windowTo, this.#window);
		}

		return this.#window.subarray(start - this.#windowFrom, end - this.#windowFrom);
	}

	next(): void {
		this.index++;
		if (this.index - this.#from === this.#block!.size && !this.done) {
			this.#read();
		}
	}

	#read(): void {
		const {size} = this.segment.vocabulary;
		this.#from = this.index;
		const to = Math.min(size, this.index + blockTerms);
		this.#block = this.segment.vocabulary.range(this.#from, to);
		this.#starts = this.segment.termStartsOf(this.#from, to);
	}
}

/**
 * Visits the sorted union of the parts' vocabularies, each term (its bytes) with the cursors of the parts that
 * have it (an array reused from term to term). Walked twice (to count, then to write) rather than kept: at
 * 100k messages the union as arrays was ~10 MB of small objects.
 */
function unionOf(parts: readonly Segment[], visit: (term: Buffer, found: readonly TermCursor[]) => void): void {
	const cursors = parts.map((segment, part) => new TermCursor(part, segment));
	const found: TermCursor[] = [];
	for (;;) {
		// The least term at a cursor: compared in place, no copy of each term's bytes.
		let least: TermCursor | undefined;
		for (const cursor of cursors) {
			if (!cursor.done && (least === undefined || cursor.term.compare(least.term) < 0)) {
				least = cursor;
			}
		}

		if (least === undefined) {
			return;
		}

		const term = least.term;
		found.length = 0;
		for (const cursor of cursors) {
			if (!cursor.done && (cursor === least || cursor.term.equals(term))) {
				found.push(cursor);
			}
		}

		visit(term, found);
		for (const cursor of found) {
			cursor.next();
		}
	}
}
