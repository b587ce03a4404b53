/**
 * One immutable piece of the recall index, in one file: the sorted vocabulary, each term's postings (the
 * numbers of the documents it is in, then how often it occurs in each), each document's length in terms, and
 * one small record per document saying which message it is, with its time and a fingerprint of its words (to
 * tell a message said over and over). A query reads the vocabulary, lengths, times and fingerprints whole,
 * and only the postings and records it needs. Postings are plain 32-bit arrays rather than packed
 * varints: twice the bytes, but a query reads them straight into typed arrays instead of decoding them.
 */
import {closeSync, openSync, readSync} from 'node:fs';

/** Where a message's text is: the byte range of its JSON string in the session file, or the text itself. */
export type TextLocation = readonly [offset: number, length: number] | string;

export type DocumentRecord = {session: string; messageId: string; role: string; at: string; text: TextLocation};

export type SegmentDocument = {record: DocumentRecord; terms: readonly string[]};

export type Postings = {docs: Uint32Array; frequencies: Uint32Array};

export const sectionNames = ['vocabulary', 'termStarts', 'lengths', 'times', 'fingerprints', 'postings', 'records', 'recordStarts'] as const;
export type Sections = Record<(typeof sectionNames)[number], readonly [offset: number, length: number]>;
/** Format 2 added `times` and `fingerprints`. */
export const format = 2;
export type Header = {format: typeof format; documents: number; terms: number; sections: Sections};

export class SegmentDamaged extends Error {}

/** Room for the header (a few hundred bytes of JSON), so that sections can be placed before it is written. */
export const headerSpace = 4096;

/**
 * A segment built a document at a time: each document's terms go straight into their postings and are
 * dropped, so building holds the postings, not every message's words (at 100k messages, most of the memory).
 */
export class SegmentBuilder {
	// Terms are numbered as they first appear; each term's postings are (doc, count) pairs in a growing array.
	readonly #ids = new Map<string, number>();
	#lists: Uint32Array[] = [];
	#used: number[] = [];
	readonly #lastDoc: number[] = [];
	readonly #lengths: number[] = [];
	readonly #times: number[] = [];
	readonly #fingerprints: number[] = [];
	readonly #records: Buffer[] = [];

	get documents(): number {
		return this.#lengths.length;
	}

	add({terms, record}: SegmentDocument): void {
		const doc = this.#lengths.length;
		this.#lengths.push(terms.length);
		this.#times.push(secondsOf(record.at));
		this.#fingerprints.push(fingerprint(terms));
		this.#records.push(Buffer.from(`${JSON.stringify([record.session, record.messageId, record.role, record.at, record.text])}\n`));
		for (const term of terms) {
			let id = this.#ids.get(term);
			if (id === undefined) {
				id = this.#lists.length;
				this.#ids.set(term, id);
				this.#lists.push(new Uint32Array(2));
				this.#used.push(0);
				this.#lastDoc.push(-1);
			}

			if (this.#lastDoc[id] === doc) {
				this.#lists[id]![this.#used[id]! - 1]!++;
				continue;
			}

			this.#lastDoc[id] = doc;
			let list = this.#lists[id]!;
			if (this.#used[id] === list.length) {
				list = new Uint32Array(list.length * 2);
				list.set(this.#lists[id]!);
				this.#lists[id] = list;
			}

			list[this.#used[id]!++] = doc;
			list[this.#used[id]!++] = 1;
		}
	}

	/** The segment file's bytes, in pieces (joined, they would be one more copy of all of it). */
	encode(): Uint8Array[] {
		const ids = this.#ids;
		const vocabulary = [...ids.keys()].sort();
		// Each term's list is its documents, then their frequencies; termStarts counts 32-bit words.
		const packed = new Uint32Array(this.#used.reduce((sum, used) => sum + used, 0));
		const termStarts = new Uint32Array(vocabulary.length + 1);
		for (const [index, term] of vocabulary.entries()) {
			const id = ids.get(term)!;
			const list = this.#lists[id]!;
			const start = termStarts[index]!;
			const count = this.#used[id]! / 2;
			for (let i = 0; i < count; i++) {
				packed[start + i] = list[2 * i]!;
				packed[start + count + i] = list[2 * i + 1]!;
			}

			termStarts[index + 1] = start + 2 * count;
		}

		this.#lists = [];
		this.#used = [];
		const recordStarts = new Uint32Array(this.#records.length + 1);
		for (const [index, record] of this.#records.entries()) {
			recordStarts[index + 1] = recordStarts[index]! + record.length;
		}

		const bodies: Record<(typeof sectionNames)[number], Uint8Array[]> = {
			vocabulary: [Buffer.from(vocabulary.join('\n'))],
			termStarts: [bytesOf(termStarts)],
			lengths: [bytesOf(Uint32Array.from(this.#lengths))],
			times: [bytesOf(Uint32Array.from(this.#times))],
			fingerprints: [bytesOf(Uint32Array.from(this.#fingerprints))],
			postings: [bytesOf(packed)],
			records: this.#records,
			recordStarts: [bytesOf(recordStarts)],
		};
		let offset = headerSpace;
		const sections = Object.fromEntries(
			sectionNames.map(name => {
				const length = bodies[name].reduce((sum, piece) => sum + piece.length, 0);
				const section = [offset, length] as const;
				offset += length;
				return [name, section];
			}),
		) as Sections;
		const header: Header = {format, documents: this.documents, terms: vocabulary.length, sections};
		const head = Buffer.alloc(headerSpace, ' ');
		head.write(JSON.stringify(header));
		return [head, ...sectionNames.flatMap(name => bodies[name])];
	}
}

export function encodeSegment(documents: readonly SegmentDocument[]): Uint8Array {
	const builder = new SegmentBuilder();
	for (const document of documents) {
		builder.add(document);
	}

	return Buffer.concat(builder.encode());
}

export class Segment {
	private constructor(
		private readonly fd: number,
		private readonly sections: Sections,
		readonly vocabulary: readonly string[],
		/** Where each term's postings start, in 32-bit words: a term's documents are (next start − start) / 2. */
		readonly termStarts: Uint32Array,
		readonly lengths: Uint32Array,
		/** Each document's time, in seconds since 1970. */
		readonly times: Uint32Array,
		/** Each document's words hashed, its numbers left out: the same status line said again has the same one. */
		readonly fingerprints: Uint32Array,
		readonly recordStarts: Uint32Array,
	) {}

	/** Opens a segment file; a file that is not one (cut short, overwritten) throws `SegmentDamaged`. */
	static open(file: string): Segment {
		const fd = openSync(file, 'r');
		try {
			const header = parseHeader(readAt(fd, 0, headerSpace));
			const {sections} = header;
			const vocabulary = header.terms === 0 ? [] : Buffer.from(readAt(fd, ...sections.vocabulary)).toString('utf8').split('\n');
			const termStarts = read32(fd, sections.termStarts);
			const lengths = read32(fd, sections.lengths);
			const times = read32(fd, sections.times);
			const fingerprints = read32(fd, sections.fingerprints);
			const recordStarts = read32(fd, sections.recordStarts);
			const documents = [lengths, times, fingerprints].every(values => values.length === header.documents);
			if (vocabulary.length !== header.terms || termStarts.length !== header.terms + 1 || !documents || recordStarts.length !== header.documents + 1) {
				throw new SegmentDamaged(`${file}: sections do not match the header`);
			}

			return new Segment(fd, sections, vocabulary, termStarts, lengths, times, fingerprints, recordStarts);
		} catch (error) {
			closeSync(fd);
			throw error instanceof SegmentDamaged ? error : new SegmentDamaged(`${file}: ${String(error)}`);
		}
	}

	get documents(): number {
		return this.lengths.length;
	}

	postings(term: number): Postings {
		const [offset] = this.sections.postings;
		const start = this.termStarts[term]!;
		const count = (this.termStarts[term + 1]! - start) / 2;
		return {docs: read32(this.fd, [offset + 4 * start, 4 * count]), frequencies: read32(this.fd, [offset + 4 * (start + count), 4 * count])};
	}

	record(doc: number): DocumentRecord {
		const [offset] = this.sections.records;
		const line = Buffer.from(readAt(this.fd, offset + this.recordStarts[doc]!, this.recordStarts[doc + 1]! - this.recordStarts[doc]!)).toString('utf8');
		try {
			const [session, messageId, role, at, text] = JSON.parse(line) as [string, string, string, string, TextLocation];
			return {session, messageId, role, at, text};
		} catch {
			throw new SegmentDamaged(`record ${doc} is not valid JSON`);
		}
	}

	/** All the records, as stored: `recordStarts` says where each begins. */
	recordBytes(): Uint8Array {
		return readAt(this.fd, ...this.sections.records);
	}

	close(): void {
		closeSync(this.fd);
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

function secondsOf(at: string): number {
	const time = Date.parse(at);
	return Number.isNaN(time) ? 0 : Math.max(0, Math.floor(time / 1000));
}

/** FNV-1a over the words that are not numbers: "ping 41 sent" and "ping 42 sent" are the same message. */
function fingerprint(terms: readonly string[]): number {
	let hash = 0x81_1c_9d_c5;
	for (const term of terms) {
		if (/^\d+$/.test(term)) {
			continue;
		}

		for (let i = 0; i < term.length; i++) {
			hash = Math.imul(hash ^ term.charCodeAt(i), 0x01_00_01_93);
		}

		hash = Math.imul(hash ^ 0x20, 0x01_00_01_93);
	}

	return hash >>> 0;
}

export function bytesOf(values: Uint32Array): Uint8Array {
	return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Typed arrays are read in the machine's byte order, which is little-endian on every platform Node runs on. */
function read32(fd: number, [offset, length]: readonly [number, number]): Uint32Array {
	const values = new Uint32Array(length / 4);
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
