/**
 * The terms of a segment being built, each numbered in the order first seen, kept as UTF-8 bytes in one growing
 * buffer and found again through an open-addressing hash table of 32-bit slots. A `Map` of strings held about
 * 80 bytes a term on V8's heap: pasted logs and Chinese text bring hundreds of thousands of terms to a piece
 * of 25,000 messages (~50 MB), where this holds their bytes and ~12 more a term.
 */
import {grown, release} from '../lean-heap.js';

const encoder = new TextEncoder();

export class TermTable {
	#bytes = new Uint8Array(1024 * 1024);
	#used = 0;
	/** Where each term starts in `#bytes`, and where the last one ends. */
	#starts = new Uint32Array(1024);
	#size = 0;
	/** Each slot a term's number + 1, or 0 when free; at most half are used, so a probe ends soon. */
	#slots = new Uint32Array(2048);
	/** The term being looked up, as UTF-8. */
	#scratch = new Uint8Array(1024);

	get size(): number {
		return this.#size;
	}

	/** The number of `term`, given it if it is new. Throws once `seal` has been called. */
	idOf(term: string): number {
		if (this.#slots.length === 0) {
			throw new Error('a sealed term table takes no more terms');
		}

		if (3 * term.length > this.#scratch.length) {
			this.#scratch = new Uint8Array(3 * term.length);
		}

		const length = encoder.encodeInto(term, this.#scratch).written;
		const key = this.#scratch;
		const mask = this.#slots.length - 1;
		for (let slot = hash(key, 0, length) & mask; ; slot = (slot + 1) & mask) {
			const found = this.#slots[slot]!;
			if (found === 0) {
				return this.#add(slot, length);
			}

			const id = found - 1;
			const start = this.#starts[id]!;
			if (this.#starts[id + 1]! - start === length && equal(this.#bytes, start, key, length)) {
				return id;
			}
		}
	}

	/**
	 * Lets go of the lookup table (4 bytes a slot, two to four slots a term: as much as the terms' own bytes)
	 * once every term is in: a segment is written from the terms' numbers and bytes alone.
	 */
	seal(): void {
		release(this.#slots);
		this.#slots = new Uint32Array(0);
	}

	/** Frees every buffer now (see `release` in lean-heap.ts): the table is not used again. */
	release(): void {
		release(this.#bytes, this.#starts, this.#slots, this.#scratch);
	}

	/** Term `id`'s bytes, not copied. */
	bytesOf(id: number): Uint8Array {
		return this.#bytes.subarray(this.#starts[id], this.#starts[id + 1]);
	}

	/** How terms `x` and `y` compare by their bytes: the order a query's binary search expects. */
	compare(x: number, y: number): number {
		const bytes = this.#bytes;
		let at = this.#starts[x]!;
		let other = this.#starts[y]!;
		const end = this.#starts[x + 1]!;
		const otherEnd = this.#starts[y + 1]!;
		for (; at < end && other < otherEnd; at++, other++) {
			if (bytes[at] !== bytes[other]) {
				return bytes[at]! - bytes[other]!;
			}
		}

		return end - at - (otherEnd - other);
	}

	#add(slot: number, length: number): number {
		const id = this.#size++;
		if (this.#used + length > this.#bytes.length) {
			this.#bytes = grown(this.#bytes, this.#used + length);
		}

		this.#bytes.set(this.#scratch.subarray(0, length), this.#used);
		this.#used += length;
		if (this.#size + 1 > this.#starts.length) {
			this.#starts = grown(this.#starts, this.#size + 1);
		}

		this.#starts[this.#size] = this.#used;
		this.#slots[slot] = id + 1;
		if (2 * this.#size > this.#slots.length) {
			this.#rehash();
		}

		return id;
	}

	#rehash(): void {
		const slots = new Uint32Array(2 * this.#slots.length);
		const mask = slots.length - 1;
		for (let id = 0; id < this.#size; id++) {
			let slot = hash(this.#bytes, this.#starts[id]!, this.#starts[id + 1]!) & mask;
			while (slots[slot] !== 0) {
				slot = (slot + 1) & mask;
			}

			slots[slot] = id + 1;
		}

		release(this.#slots);
		this.#slots = slots;
	}
}

/** FNV-1a over bytes `from` to `to`. */
function hash(bytes: Uint8Array, from: number, to: number): number {
	let value = 0x81_1c_9d_c5;
	for (let at = from; at < to; at++) {
		value = Math.imul(value ^ bytes[at]!, 0x01_00_01_93);
	}

	return value >>> 0;
}

function equal(bytes: Uint8Array, start: number, key: Uint8Array, length: number): boolean {
	for (let i = 0; i < length; i++) {
		if (bytes[start + i] !== key[i]) {
			return false;
		}
	}

	return true;
}
