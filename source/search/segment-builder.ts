/**
 * A segment built a document at a time within a small, predictable memory. Each document's terms go, as
 * (term number, count) varints, onto one byte stream held in megabyte chunks (about 3 bytes a posting); the
 * per-term postings the file wants are only made when it is written, a range of terms at a time, each range
 * one pass over the stream. Per-term growing arrays held 8 bytes a posting plus their growth slack, an object
 * per term (81,000 at 50,000 messages) and one more copy of all postings to write: at 50k messages ~90 MB off
 * the heap and ~50 MB on it, where this holds ~12 MB and a 4 MB window. The terms themselves are numbered in
 * a `TermTable` (bytes, not strings).
 */
import {bytesOf, headerBlock, type DocumentRecord, type sectionNames, type SegmentDocument} from './segment.js';
import {grown, release} from '../lean-heap.js';
import {TermTable} from './term-table.js';

/** The postings written at once, in 32-bit words (4 MB): one pass over the stream fills this much. */
const windowWords = 1024 * 1024;
const chunkBytes = 1024 * 1024;
const encoder = new TextEncoder();

/** Bytes appended in fixed chunks: no copy as it grows, and no slack beyond the last chunk. */
class ByteStream {
	readonly #chunks: Uint8Array[] = [];
	#used = chunkBytes;
	#length = 0;

	get length(): number {
		return this.#length;
	}

	byte(value: number): void {
		if (this.#used === chunkBytes) {
			this.#chunks.push(new Uint8Array(chunkBytes));
			this.#used = 0;
		}

		this.#chunks.at(-1)![this.#used++] = value;
		this.#length++;
	}

	/** An unsigned integer in LEB128: 7 bits a byte, low first. */
	varint(value: number): void {
		while (value >= 0x80) {
			this.byte((value & 0x7f) | 0x80);
			value >>>= 7;
		}

		this.byte(value);
	}

	/** `text` in UTF-8, encoded straight into the chunks: no buffer of its own for the collector to find. */
	text(text: string): void {
		const room = chunkBytes - this.#used;
		if (room >= 3 * text.length) {
			const {written} = encoder.encodeInto(text, this.#chunks.at(-1)!.subarray(this.#used));
			this.#used += written;
			this.#length += written;
			return;
		}

		for (const value of encoder.encode(text)) {
			this.byte(value);
		}
	}

	/** Forgets everything from byte `length` on. */
	cut(length: number): void {
		this.#chunks.length = Math.ceil(length / chunkBytes);
		this.#used = length - (this.#chunks.length - 1) * chunkBytes;
		this.#length = length;
	}

	/** Frees every chunk now (see `release` in lean-heap.ts). */
	release(): void {
		release(...this.#chunks);
	}

	reader(from = 0): StreamReader {
		return new StreamReader(this.#chunks, from);
	}

	/** Bytes `from` to `to`, copied out in chunk-sized pieces. */
	*slices(from: number, to: number): Generator<Uint8Array> {
		for (let at = from; at < to; ) {
			const chunk = this.#chunks[Math.floor(at / chunkBytes)]!;
			const start = at % chunkBytes;
			const end = Math.min(chunkBytes, start + to - at);
			yield chunk.subarray(start, end);
			at += end - start;
		}
	}
}

class StreamReader {
	#chunk: number;
	#at: number;

	constructor(
		private readonly chunks: readonly Uint8Array[],
		from: number,
	) {
		this.#chunk = Math.floor(from / chunkBytes);
		this.#at = from % chunkBytes;
	}

	varint(): number {
		let value = 0;
		for (let shift = 0; ; shift += 7) {
			if (this.#at === chunkBytes) {
				this.#chunk++;
				this.#at = 0;
			}

			const byte = this.chunks[this.#chunk]![this.#at++]!;
			value += (byte & 0x7f) * 2 ** shift;
			if (byte < 0x80) {
				return value;
			}
		}
	}
}

/** A growing array of 32-bit numbers, doubled when full. */
class Numbers {
	#values = new Uint32Array(1024);
	length = 0;

	push(value: number): void {
		if (this.length === this.#values.length) {
			this.#values = grown(this.#values, this.length + 1);
		}

		this.#values[this.length++] = value;
	}

	get values(): Uint32Array {
		return this.#values.subarray(0, this.length);
	}

	release(): void {
		release(this.#values);
	}
}

/** A term not in use, in the builder's table of each term's place in the file. */
const unplaced = 0xff_ff_ff_ff;

type Layout = {order: Uint32Array; rank: Uint32Array; termStarts: Uint32Array; vocabularyBytes: number};

export class SegmentBuilder {
	readonly #terms = new TermTable();
	/** How many documents each term (by number) is in. */
	#documentCounts = new Uint32Array(1024);
	/** Each document: how many distinct terms, then (term number, count) for each. */
	readonly #postings = new ByteStream();
	readonly #postingsStarts = new Numbers();
	readonly #lengths = new Numbers();
	readonly #times = new Numbers();
	readonly #fingerprints = new Numbers();
	readonly #records = new ByteStream();
	readonly #recordStarts = new Numbers();
	/** One document's term counts, reused. */
	readonly #counts = new Map<number, number>();
	#laidOut: Layout | undefined;

	constructor() {
		this.#recordStarts.push(0);
	}

	get documents(): number {
		return this.#lengths.length;
	}

	add({terms, record}: SegmentDocument): void {
		this.#lengths.push(terms.length);
		this.#times.push(secondsOf(record.at));
		this.#fingerprints.push(fingerprint(terms));
		this.#records.text(recordLine(record));
		this.#recordStarts.push(this.#records.length);
		const counts = this.#counts;
		counts.clear();
		for (const term of terms) {
			const id = this.#idOf(term);
			counts.set(id, (counts.get(id) ?? 0) + 1);
		}

		this.#postingsStarts.push(this.#postings.length);
		this.#postings.varint(counts.size);
		for (const [id, count] of counts) {
			this.#postings.varint(id);
			this.#postings.varint(count);
			this.#documentCounts[id]!++;
		}
	}

	/**
	 * Frees the builder's memory now, once its segment is written (see `release` in lean-heap.ts): a new
	 * builder for the next piece no longer grows beside this one's tens of megabytes. The builder is not used
	 * again.
	 */
	release(): void {
		this.#terms.release();
		this.#postings.release();
		this.#records.release();
		for (const numbers of [this.#postingsStarts, this.#lengths, this.#times, this.#fingerprints, this.#recordStarts]) {
			numbers.release();
		}

		release(this.#documentCounts, this.#laidOut?.order, this.#laidOut?.termStarts);
	}

	/** Forgets the documents from `documents` on (a session found damaged part way through). */
	truncate(documents: number): void {
		if (documents >= this.documents) {
			return;
		}

		const from = this.#postingsStarts.values[documents]!;
		const reader = this.#postings.reader(from);
		for (let doc = documents; doc < this.documents; doc++) {
			for (let terms = reader.varint(); terms > 0; terms--) {
				this.#documentCounts[reader.varint()]!--;
				reader.varint();
			}
		}

		this.#postings.cut(from);
		this.#records.cut(this.#recordStarts.values[documents]!);
		for (const numbers of [this.#postingsStarts, this.#lengths, this.#times, this.#fingerprints]) {
			numbers.length = documents;
		}

		this.#recordStarts.length = documents + 1;
	}

	/**
	 * The segment file's bytes, in pieces of at most a few megabytes, made as they are asked for. A piece is
	 * valid until the next is asked for: the vocabulary and the postings go through reused buffers (a new array
	 * for each was megabytes more garbage a piece, tens of megabytes before the collector came). The builder
	 * takes no more documents once encoded: its term lookup table is let go, and its document counts become
	 * the terms' places in the file.
	 */
	*encode(): Generator<Uint8Array> {
		const {order, rank, termStarts, vocabularyBytes} = this.#layout();
		const lengths: Record<(typeof sectionNames)[number], number> = {
			vocabulary: vocabularyBytes,
			vocabularyStarts: 4 * (order.length + 1),
			termStarts: termStarts.byteLength,
			lengths: 4 * this.documents,
			times: 4 * this.documents,
			fingerprints: 4 * this.documents,
			postings: 4 * termStarts[order.length]!,
			records: this.#records.length,
			recordStarts: 4 * (this.documents + 1),
		};
		yield headerBlock(this.documents, order.length, lengths);
		yield* this.#vocabulary(order);
		yield* this.#vocabularyStarts(order);
		yield bytesOf(termStarts);
		yield bytesOf(this.#lengths.values);
		yield bytesOf(this.#times.values);
		yield bytesOf(this.#fingerprints.values);
		yield* this.#postingsSection(rank, termStarts);
		yield* this.#records.slices(0, this.#records.length);
		yield bytesOf(this.#recordStarts.values);
	}

	/**
	 * The terms in use (not all of a truncated session's) in the order of their bytes, each term's place in
	 * that order (by term number; `unplaced` if not in use), where each term's postings start (in 32-bit
	 * words: its documents, then their counts), and the vocabulary's length in bytes. Made once: a segment
	 * that could not be written where it belongs is encoded again elsewhere.
	 */
	#layout(): Layout {
		if (this.#laidOut) {
			return this.#laidOut;
		}

		const terms = this.#terms;
		terms.seal();
		const counts = this.#documentCounts;
		let used = 0;
		for (let id = 0; id < terms.size; id++) {
			used += counts[id]! > 0 ? 1 : 0;
		}

		const order = new Uint32Array(used);
		let at = 0;
		for (let id = 0; id < terms.size; id++) {
			if (counts[id]! > 0) {
				order[at++] = id;
			}
		}

		order.sort((x, y) => terms.compare(x, y));
		const termStarts = new Uint32Array(used + 1);
		let vocabularyBytes = 0;
		for (const [position, id] of order.entries()) {
			termStarts[position + 1] = termStarts[position]! + 2 * counts[id]!;
			vocabularyBytes += terms.bytesOf(id).length;
		}

		// The counts are in termStarts now: their array becomes the places (one array fewer at the peak).
		const rank = counts.fill(unplaced);
		for (const [position, id] of order.entries()) {
			rank[id] = position;
		}

		this.#laidOut = {order, rank, termStarts, vocabularyBytes};
		return this.#laidOut;
	}

	/** The terms' bytes in file order, gathered a megabyte at a time in one buffer. */
	*#vocabulary(order: Uint32Array): Generator<Uint8Array> {
		const buffer = new Uint8Array(chunkBytes);
		let used = 0;
		for (const id of order) {
			const bytes = this.#terms.bytesOf(id);
			if (used + bytes.length > buffer.length) {
				yield buffer.subarray(0, used);
				used = 0;
				if (bytes.length > buffer.length) {
					yield bytes;
					continue;
				}
			}

			buffer.set(bytes, used);
			used += bytes.length;
		}

		yield buffer.subarray(0, used);
		release(buffer);
	}

	/** Where each term starts in the vocabulary, and where the last ends, a megabyte of them at a time. */
	*#vocabularyStarts(order: Uint32Array): Generator<Uint8Array> {
		const starts = new Uint32Array(chunkBytes / 4);
		let used = 1;
		let offset = 0;
		for (const id of order) {
			if (used === starts.length) {
				yield bytesOf(starts);
				used = 0;
			}

			offset += this.#terms.bytesOf(id).length;
			starts[used++] = offset;
		}

		yield bytesOf(starts.subarray(0, used));
		release(starts);
	}

	/** The postings of the terms in file order, a window of terms at a time, each window one pass over the stream. */
	*#postingsSection(rank: Uint32Array, termStarts: Uint32Array): Generator<Uint8Array> {
		const terms = termStarts.length - 1;
		const cursors = new Uint32Array(terms);
		let buffer = new Uint32Array(0);
		for (let low = 0; low < terms; ) {
			let high = low + 1;
			while (high < terms && termStarts[high + 1]! - termStarts[low]! <= windowWords) {
				high++;
			}

			const base = termStarts[low]!;
			// A term with more postings than the window gets a window of its own size.
			if (buffer.length < termStarts[high]! - base) {
				release(buffer);
				buffer = new Uint32Array(Math.max(windowWords, termStarts[high]! - base));
			}

			const window = buffer.subarray(0, termStarts[high]! - base);
			for (let position = low; position < high; position++) {
				cursors[position] = termStarts[position]! - base;
			}

			const reader = this.#postings.reader();
			for (let doc = 0; doc < this.documents; doc++) {
				for (let count = reader.varint(); count > 0; count--) {
					const position = rank[reader.varint()]!;
					const frequency = reader.varint();
					if (position >= low && position < high) {
						// A term's documents fill its first half, their counts the second.
						const half = (termStarts[position + 1]! - termStarts[position]!) / 2;
						const at = cursors[position]!++;
						window[at] = doc;
						window[at + half] = frequency;
					}
				}
			}

			yield bytesOf(window);
			low = high;
		}

		release(buffer, cursors);
	}

	#idOf(term: string): number {
		const id = this.#terms.idOf(term);
		if (id === this.#documentCounts.length) {
			this.#documentCounts = grown(this.#documentCounts, id + 1);
		}

		return id;
	}
}

export function encodeSegment(documents: readonly SegmentDocument[]): Uint8Array {
	const builder = new SegmentBuilder();
	for (const document of documents) {
		builder.add(document);
	}

	return Buffer.concat(Array.from(builder.encode(), piece => Buffer.from(piece)));
}

function recordLine(record: DocumentRecord): string {
	return `${JSON.stringify([record.session, record.messageId, record.role, record.at, record.text])}\n`;
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
