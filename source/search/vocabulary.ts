/**
 * A segment's sorted terms as they are on disk: their UTF-8 bytes one after another, and where each starts.
 * A query binary-searches them and decodes only the terms a word can stand for: made into strings,
 * a vocabulary of a million terms (pasted logs, many languages) was tens of megabytes and most of a
 * query's time. Terms are ordered by their bytes, which is the order of their code points.
 */
/** A sorted vocabulary, wherever its bytes are: found by binary search, a term at a time. */
export abstract class Terms {
	abstract readonly size: number;

	/** Terms `from` to `to` (not included) as a vocabulary in memory, numbered from 0. */
	abstract range(from: number, to: number): Vocabulary;

	/** How term `index` compares with `key` (UTF-8 bytes): below 0 when it sorts first. */
	protected abstract compareWith(index: number, key: Uint8Array): number;

	term(index: number): string {
		return this.range(index, index + 1).term(0);
	}

	/** The first term not below `key` (UTF-8 bytes): where `key` is, or would be. */
	lowerBound(key: Uint8Array): number {
		let low = 0;
		let high = this.size;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.compareWith(middle, key) < 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		return low;
	}

	/** The terms that begin with `prefix` (UTF-8 bytes), as a range of indexes `[from, to)`. */
	prefixRange(prefix: Uint8Array): [from: number, to: number] {
		// No UTF-8 byte is 0xff, so every term that begins with the prefix sorts before the prefix and 0xff.
		const past = Buffer.alloc(prefix.length + 1, 0xff);
		past.set(prefix);
		return [this.lowerBound(prefix), this.lowerBound(past)];
	}

	/** The number of `term`, or -1. */
	indexOf(term: string): number {
		const key = Buffer.from(term);
		const index = this.lowerBound(key);
		return index < this.size && this.compareWith(index, key) === 0 ? index : -1;
	}

	*[Symbol.iterator](): Generator<string> {
		const all = this.range(0, this.size);
		for (let index = 0; index < all.size; index++) {
			yield all.term(index);
		}
	}
}

/** A vocabulary in memory. */
export class Vocabulary extends Terms {
	constructor(
		readonly bytes: Buffer,
		/** Where each term starts in `bytes`, and where the last one ends: one more than there are terms. */
		readonly starts: Uint32Array,
	) {
		super();
	}

	/** A vocabulary of `terms`, which must be in `compareTerms` order (for tests, and small vocabularies). */
	static of(terms: readonly string[]): Vocabulary {
		const starts = new Uint32Array(terms.length + 1);
		const bytes = Buffer.allocUnsafe(terms.reduce((sum, term) => sum + Buffer.byteLength(term), 0));
		for (const [index, term] of terms.entries()) {
			starts[index + 1] = starts[index]! + bytes.write(term, starts[index]!);
		}

		return new Vocabulary(bytes, starts);
	}

	get size(): number {
		return this.starts.length - 1;
	}

	override term(index: number): string {
		return this.bytes.toString('utf8', this.starts[index], this.starts[index + 1]);
	}

	/** A term's bytes, not copied. */
	termBytes(index: number): Buffer {
		return this.bytes.subarray(this.starts[index], this.starts[index + 1]);
	}

	range(from: number, to: number): Vocabulary {
		const base = this.starts[from]!;
		return new Vocabulary(
			this.bytes.subarray(base, this.starts[to]),
			this.starts.slice(from, to + 1).map(start => start - base),
		);
	}

	protected compareWith(index: number, key: Uint8Array): number {
		return this.bytes.compare(key, 0, key.length, this.starts[index], this.starts[index + 1]);
	}
}

/**
 * A vocabulary left in its segment file, read a few bytes a step of a search: of a million terms (11 MB with
 * their offsets) a query reads a few dozen, where reading them whole took ~60 ms of every query.
 */
export class VocabularyFile extends Terms {
	readonly #bytes: CachedRegion;
	readonly #starts: CachedRegion;

	constructor(
		/** Reads `length` bytes at `offset` of the file. */
		read: (offset: number, length: number) => Uint8Array,
		/** Where the terms' bytes are in the file, and their length: `[offset, length]`. */
		bytes: readonly [number, number],
		/** Where the table of where each term starts is in the file: `[offset, length]`, 4 bytes a term and one more. */
		starts: readonly [number, number],
	) {
		super();
		this.#bytes = new CachedRegion(read, ...bytes);
		this.#starts = new CachedRegion(read, ...starts);
	}

	get size(): number {
		return this.#starts.length / 4 - 1;
	}

	range(from: number, to: number): Vocabulary {
		const starts = this.#startsOf(from, to);
		const base = starts[0]!;
		const bytes = this.#bytes.read(base, starts[to - from]! - base);
		return new Vocabulary(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), starts.map(start => start - base));
	}

	protected compareWith(index: number, key: Uint8Array): number {
		const [start, end] = this.#startsOf(index, index + 1);
		return Buffer.compare(this.#bytes.read(start!, end! - start!), key);
	}

	/** Where terms `from` to `to` start (the last: where term `to - 1` ends). */
	#startsOf(from: number, to: number): Uint32Array {
		// Copied: a typed array of 32-bit values must start at a multiple of 4 of its buffer.
		return new Uint32Array(this.#starts.read(4 * from, 4 * (to - from + 1)).slice().buffer);
	}
}

/**
 * A region of a file read in blocks, each read once: the probes of a binary search end in one block, and a
 * query's words probe the same first ones (a query made ~1,100 reads of a few bytes, each a system call).
 */
class CachedRegion {
	static readonly blockBytes = 4096;
	readonly #blocks = new Map<number, Uint8Array>();

	constructor(
		private readonly readFile: (offset: number, length: number) => Uint8Array,
		private readonly offset: number,
		readonly length: number,
	) {}

	/** `length` bytes at `at` in the region; longer than a block, read from the file as they are. */
	read(at: number, length: number): Uint8Array {
		const {blockBytes} = CachedRegion;
		if (length > blockBytes) {
			return this.readFile(this.offset + at, length);
		}

		const first = Math.floor(at / blockBytes);
		const last = Math.floor((at + Math.max(0, length - 1)) / blockBytes);
		if (first === last) {
			return this.#block(first).subarray(at - first * blockBytes, at - first * blockBytes + length);
		}

		const bytes = new Uint8Array(length);
		bytes.set(this.#block(first).subarray(at - first * blockBytes));
		bytes.set(this.#block(last).subarray(0, at + length - last * blockBytes), (first + 1) * blockBytes - at);
		return bytes;
	}

	#block(number: number): Uint8Array {
		let block = this.#blocks.get(number);
		if (!block) {
			const start = number * CachedRegion.blockBytes;
			block = this.readFile(this.offset + start, Math.min(CachedRegion.blockBytes, this.length - start));
			this.#blocks.set(number, block);
		}

		return block;
	}
}

/**
 * Terms in code point order, which is the order of their UTF-8 bytes. JavaScript's `<` compares UTF-16 code
 * units, which puts a character beyond U+FFFF (a surrogate pair, 0xd800–0xdfff) before U+E000–U+FFFF.
 */
export function compareTerms(x: string, y: string): number {
	const length = Math.min(x.length, y.length);
	for (let i = 0; i < length; i++) {
		const a = x.charCodeAt(i);
		const b = y.charCodeAt(i);
		if (a !== b) {
			return codePointRank(a) - codePointRank(b);
		}
	}

	return x.length - y.length;
}

function codePointRank(unit: number): number {
	if (unit < 0xd8_00) {
		return unit;
	}

	return unit < 0xe0_00 ? unit + 0x20_00 : unit - 0x8_00;
}
