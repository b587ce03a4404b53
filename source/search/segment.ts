/**
 * One immutable piece of the recall index, in one file: the sorted vocabulary (the terms' UTF-8 bytes one after
 * another, and where each starts: see vocabulary.ts), each term's postings (the numbers of the documents it is
 * in, then how often it occurs in each), each document's length in terms, and one small record per document
 * saying which message it is, with its time and a fingerprint of its words (to tell a message said over and
 * over). A query reads the vocabulary, lengths, times and fingerprints whole, and only the postings and
 * records it needs. Postings are plain 32-bit arrays rather than packed varints: twice the bytes, but a query
 * reads them straight into typed arrays instead of decoding them. Segments are written by segment-builder.ts
 * (from documents) and merge.ts (from segments).
 */
import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import {VocabularyFile} from './vocabulary.js';

/** Where a message's text is: the byte range of its JSON string in the session file, or the text itself. */
export type TextLocation = readonly [offset: number, length: number] | string;

export type DocumentRecord = {session: string; messageId: string; role: string; at: string; text: TextLocation};

export type SegmentDocument = {record: DocumentRecord; terms: readonly string[]};

export type Postings = {docs: Uint32Array; frequencies: Uint32Array};

export const sectionNames = ['vocabulary', 'vocabularyStarts', 'termStarts', 'lengths', 'times', 'fingerprints', 'postings', 'records', 'recordStarts'] as const;
export type Sections = Record<(typeof sectionNames)[number], readonly [offset: number, length: number]>;
/**
 * Format 2 added `times` and `fingerprints`; format 3 keeps the vocabulary as bytes with `vocabularyStarts`
 * (it was terms between line breaks, read whole into strings), in byte order, and its terms are those of
 * tokenize.ts as of issue 18's third round (CJK as pairs of characters, words split at symbols).
 */
export const format = 3;
export type Header = {format: typeof format; documents: number; terms: number; sections: Sections};

export class SegmentDamaged extends Error {}

/** Room for the header (a few hundred bytes of JSON), so that sections can be placed before it is written. */
export const headerSpace = 4096;

/**
 * A segment's first `headerSpace` bytes: its header as JSON, padded with spaces, with the sections laid out one
 * after another from there in `sectionNames` order, each as long as `lengths` says (bytes).
 */
export function headerBlock(documents: number, terms: number, lengths: Record<(typeof sectionNames)[number], number>): Buffer {
	let offset = headerSpace;
	const sections = Object.fromEntries(
		sectionNames.map(name => {
			const section = [offset, lengths[name]] as const;
			offset += lengths[name];
			return [name, section];
		}),
	) as Sections;
	const header: Header = {format, documents, terms, sections};
	const head = Buffer.alloc(headerSpace, ' ');
	head.write(JSON.stringify(header));
	return head;
}

/** How much of the records section a merge reads at once, in bytes. */
const recordsRead = 1024 * 1024;

export class Segment {
	#recordStarts: Uint32Array | undefined;

	private constructor(
		private readonly fd: number,
		private readonly sections: Sections,
		/** Read from the file a few bytes at a time, as a query looks terms up. */
		readonly vocabulary: VocabularyFile,
		readonly lengths: Uint32Array,
		/** Each document's time, in seconds since 1970. */
		readonly times: Uint32Array,
		/** Each document's words hashed, its numbers left out: the same status line said again has the same one. */
		readonly fingerprints: Uint32Array,
	) {}

	/**
	 * Opens a segment file; a file that is not one (cut short, overwritten) throws `SegmentDamaged`. Only the
	 * per-document sections a ranking reads whole are read now; the vocabulary, where each term's postings
	 * and each record start, are read as they are asked for.
	 */
	static open(file: string): Segment {
		const fd = openSync(file, 'r');
		try {
			const header = parseHeader(readAt(fd, 0, headerSpace));
			const {sections, terms, documents} = header;
			const end = Math.max(...sectionNames.map(name => sections[name][0] + sections[name][1]));
			const counts = [sections.vocabularyStarts, sections.termStarts].every(([, length]) => length === 4 * (terms + 1)) && sections.recordStarts[1] === 4 * (documents + 1);
			if (fstatSync(fd).size < end || !counts) {
				throw new SegmentDamaged(`${file}: sections do not match the header`);
			}

			const vocabulary = new VocabularyFile((offset, length) => readAt(fd, offset, length), sections.vocabulary, sections.vocabularyStarts);
			const [first, last] = [read32(fd, [sections.vocabularyStarts[0], 4])[0], read32(fd, [sections.vocabularyStarts[0] + 4 * terms, 4])[0]];
			const lengths = read32(fd, sections.lengths);
			const times = read32(fd, sections.times);
			const fingerprints = read32(fd, sections.fingerprints);
			if (first !== 0 || last !== sections.vocabulary[1] || ![lengths, times, fingerprints].every(values => values.length === documents)) {
				throw new SegmentDamaged(`${file}: sections do not match the header`);
			}

			return new Segment(fd, sections, vocabulary, lengths, times, fingerprints);
		} catch (error) {
			closeSync(fd);
			throw error instanceof SegmentDamaged ? error : new SegmentDamaged(`${file}: ${String(error)}`);
		}
	}

	get documents(): number {
		return this.lengths.length;
	}

	/** Where terms `from` to `to` (not included) start in the postings, in 32-bit words, and where the last ends: read from the file. */
	termStartsOf(from: number, to: number): Uint32Array {
		return read32(this.fd, [this.sections.termStarts[0] + 4 * from, 4 * (to - from + 1)]);
	}

	/** Where each record starts in the records section, and where the last ends. Read whole when first asked for (merging). */
	get recordStarts(): Uint32Array {
		this.#recordStarts ??= read32(this.fd, this.sections.recordStarts);
		return this.#recordStarts;
	}

	postings(term: number): Postings {
		const [start, end] = this.termStartsOf(term, term + 1);
		const words = this.readPostings(start!, end!);
		return {docs: words.subarray(0, words.length / 2), frequencies: words.subarray(words.length / 2)};
	}

	/** How many 32-bit words the postings are, all terms'. */
	get postingsWords(): number {
		return this.sections.postings[1] / 4;
	}

	/**
	 * Postings words `start` to `end` (a term's: its documents, then their counts, as `termStartsOf` says, or
	 * several terms' one after another), in one read; into the start of `into` if given (it must have room).
	 */
	readPostings(start: number, end: number, into?: Uint32Array): Uint32Array {
		return read32(this.fd, [this.sections.postings[0] + 4 * start, 4 * (end - start)], into);
	}

	record(doc: number): DocumentRecord {
		const [offset] = this.sections.records;
		const [start, end] = this.#pair(this.#recordStarts, this.sections.recordStarts, doc);
		const line = Buffer.from(readAt(this.fd, offset + start, end - start)).toString('utf8');
		try {
			const [session, messageId, role, at, text] = JSON.parse(line) as [string, string, string, string, TextLocation];
			return {session, messageId, role, at, text};
		} catch {
			throw new SegmentDamaged(`record ${doc} is not valid JSON`);
		}
	}

	/** All the records, as stored (`recordStarts` says where each begins), read a megabyte at a time. */
	*recordBytes(): Generator<Uint8Array> {
		const [offset, length] = this.sections.records;
		for (let done = 0; done < length; done += recordsRead) {
			yield readAt(this.fd, offset + done, Math.min(recordsRead, length - done));
		}
	}

	close(): void {
		closeSync(this.fd);
	}

	/** Entries `at` and `at + 1` of a table of starts: from memory if it was read, else 8 bytes from the file. */
	#pair(table: Uint32Array | undefined, [offset]: readonly [number, number], at: number): [number, number] {
		const pair = table ? table.subarray(at, at + 2) : read32(this.fd, [offset + 4 * at, 8]);
		return [pair[0]!, pair[1]!];
	}
}

function parseHeader(bytes: Uint8Array): Header {
	try {
		const header = JSON.parse(Buffer.from(bytes).toString('utf8')) as Header;
		if (header.format === format && sectionNames.every(name => Array.isArray(header.sections[name]))) {
			return header;
		}
	} catch {}

	throw new SegmentDamaged('not a recall index segment');
}

export function bytesOf(values: Uint32Array): Uint8Array {
	return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Typed arrays are read in the machine's byte order, which is little-endian on every platform Node runs on. */
function read32(fd: number, [offset, length]: readonly [number, number], into?: Uint32Array): Uint32Array {
	const values = into ? into.subarray(0, length / 4) : new Uint32Array(length / 4);
	const bytes = bytesOf(values);
	if (readSync(fd, bytes, 0, length, offset) !== length) {
		throw new SegmentDamaged('the file is cut short');
	}

	return values;
}

function readAt(fd: number, offset: number, length: number): Uint8Array {
	const bytes = new Uint8Array(length);
	if (readSync(fd, bytes, 0, length, offset) !== length) {
		throw new SegmentDamaged('the file is cut short');
	}

	return bytes;
}
