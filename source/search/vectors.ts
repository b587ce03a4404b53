/**
 * A segment's message vectors (for recall by meaning), in a file beside it: `seg-X.vec` for `seg-X.bin`. Each
 * document has a slot, filled as its vector is computed (a few hundred a query, so a large index is embedded
 * over many queries, newest messages first): a scale (0 while missing), then its values as 8-bit integers of
 * that scale, a quarter of float32's size for a cosine that differs in the third decimal. A query reads the
 * scales whole and streams the values a megabyte at a time: memory stays flat however many are stored.
 */
import {closeSync, openSync, readSync, unlinkSync, writeSync} from 'node:fs';

type Header = {format: 1; model: string; dimensions: number; documents: number};

const headerSpace = 4096;
const chunkBytes = 1024 * 1024;

export class SegmentVectors {
	private constructor(
		private readonly fd: number,
		private readonly header: Header,
		/** Each document's scale; 0: no vector yet. */
		readonly scales: Float32Array,
	) {}

	/**
	 * The vectors of a segment of `documents` for `model`, or undefined when there are none yet (or only of
	 * another model, or damaged: then they are removed, to be computed again).
	 */
	static open(file: string, model: string, documents: number): SegmentVectors | undefined {
		let fd: number;
		try {
			fd = openSync(file, 'r+');
		} catch {
			return undefined;
		}

		try {
			const head = Buffer.alloc(headerSpace);
			readSync(fd, head, 0, headerSpace, 0);
			const header = JSON.parse(head.toString('utf8').trim()) as Header;
			if (header.format === 1 && header.model === model && header.documents === documents && Number.isInteger(header.dimensions) && header.dimensions > 0) {
				const scales = new Float32Array(documents);
				const bytes = new Uint8Array(scales.buffer);
				readSync(fd, bytes, 0, bytes.length, headerSpace);
				return new SegmentVectors(fd, header, scales);
			}
		} catch {}

		closeSync(fd);
		try {
			unlinkSync(file);
		} catch {}

		return undefined;
	}

	/** A new, empty vectors file for a segment of `documents`, for vectors of `dimensions` values. */
	static create(file: string, model: string, documents: number, dimensions: number): SegmentVectors {
		const header: Header = {format: 1, model, dimensions, documents};
		const fd = openSync(file, 'w+', 0o600);
		const head = Buffer.alloc(headerSpace, ' ');
		head.write(JSON.stringify(header));
		writeSync(fd, head, 0, headerSpace, 0);
		// The slots are left as a hole (zeros: every scale 0) up to the file's end.
		writeSync(fd, Buffer.alloc(1), 0, 1, headerSpace + 4 * documents + documents * dimensions - 1);
		return new SegmentVectors(fd, header, new Float32Array(documents));
	}

	get dimensions(): number {
		return this.header.dimensions;
	}

	has(doc: number): boolean {
		return this.scales[doc]! > 0;
	}

	/** Stores `vector` (of length 1) as document `doc`'s. */
	put(doc: number, vector: Float32Array): void {
		const {dimensions, documents} = this.header;
		let largest = 0;
		for (const value of vector) {
			largest = Math.max(largest, Math.abs(value));
		}

		const scale = largest / 127 || Number.MIN_VALUE;
		const values = new Int8Array(dimensions);
		for (let i = 0; i < dimensions; i++) {
			values[i] = Math.round((vector[i] ?? 0) / scale);
		}

		writeSync(this.fd, new Uint8Array(values.buffer), 0, dimensions, headerSpace + 4 * documents + doc * dimensions);
		// The scale last: a slot whose values were cut short by a crash still reads as missing.
		this.scales[doc] = scale;
		writeSync(this.fd, new Uint8Array(this.scales.buffer, 4 * doc, 4), 0, 4, headerSpace + 4 * doc);
	}

	/** Each document's cosine with `query` (of length 1), where it is above 0 and the document `allowed`; else 0. */
	similarities(query: Float32Array, allowed: (doc: number) => boolean): Float64Array {
		const {dimensions, documents} = this.header;
		const similar = new Float64Array(documents);
		const perChunk = Math.max(1, Math.floor(chunkBytes / dimensions));
		const buffer = new Int8Array(perChunk * dimensions);
		const bytes = new Uint8Array(buffer.buffer);
		for (let first = 0; first < documents; first += perChunk) {
			const docs = Math.min(perChunk, documents - first);
			readSync(this.fd, bytes, 0, docs * dimensions, headerSpace + 4 * documents + first * dimensions);
			for (let i = 0; i < docs; i++) {
				const doc = first + i;
				if (this.scales[doc]! <= 0 || !allowed(doc)) {
					continue;
				}

				let dot = 0;
				for (let at = i * dimensions, j = 0; j < dimensions; j++, at++) {
					dot += buffer[at]! * query[j]!;
				}

				similar[doc] = Math.max(0, dot * this.scales[doc]!);
			}
		}

		return similar;
	}

	close(): void {
		closeSync(this.fd);
	}
}

/** The vectors file of the segment file `segment`. */
export function vectorsFileOf(segment: string): string {
	return segment.replace(/\.bin$/, '.vec');
}
