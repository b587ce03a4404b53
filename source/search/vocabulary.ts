/**
 * A segment's sorted terms as they are on disk: their UTF-8 bytes one after another, and where each starts.
 * A query binary-searches the bytes and decodes only the terms a word can stand for: made into strings,
 * a vocabulary of a million terms (pasted logs, many languages) was tens of megabytes and most of a
 * query's time. Terms are ordered by their bytes, which is the order of their code points.
 */
export class Vocabulary {
	constructor(
		readonly bytes: Buffer,
		/** Where each term starts in `bytes`, and where the last one ends: one more than there are terms. */
		readonly starts: Uint32Array,
	) {}

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

	term(index: number): string {
		return this.bytes.toString('utf8', this.starts[index], this.starts[index + 1]);
	}

	/** A term's bytes, not copied. */
	termBytes(index: number): Buffer {
		return this.bytes.subarray(this.starts[index], this.starts[index + 1]);
	}

	/** A term's length in bytes. */
	byteLength(index: number): number {
		return this.starts[index + 1]! - this.starts[index]!;
	}

	/** The first term not below `key` (UTF-8 bytes): where `key` is, or would be. */
	lowerBound(key: Uint8Array): number {
		let low = 0;
		let high = this.size;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.bytes.compare(key, 0, key.length, this.starts[middle], this.starts[middle + 1]) < 0) {
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
		return index < this.size && this.bytes.compare(key, 0, key.length, this.starts[index], this.starts[index + 1]) === 0 ? index : -1;
	}

	*[Symbol.iterator](): Generator<string> {
		for (let index = 0; index < this.size; index++) {
			yield this.term(index);
		}
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
