/**
 * Segments merged into one on disk, a term at a time: the union of their vocabularies, each term's postings
 * read from each part with its document numbers shifted, and their per-document sections one after another.
 * Memory is the vocabularies and one term's postings, so an index built in pieces (to build within a memory
 * budget) is still one segment for queries to read. The file is the one the parts' documents would have made.
 */
import {closeSync, openSync, writeSync} from 'node:fs';
import {bytesOf, format, headerSpace, sectionNames, type Header, type Segment, type Sections} from './segment.js';

export function mergeSegments(parts: readonly Segment[], file: string): void {
	const bases = parts.map((_, index) => parts.slice(0, index).reduce((sum, part) => sum + part.documents, 0));
	const documents = parts.reduce((sum, part) => sum + part.documents, 0);
	const {vocabulary, sources} = unionOf(parts);
	const termStarts = new Uint32Array(vocabulary.length + 1);
	for (const [index, found] of sources.entries()) {
		const count = found.reduce((sum, [part, term]) => sum + parts[part]!.termStarts[term + 1]! - parts[part]!.termStarts[term]!, 0);
		termStarts[index + 1] = termStarts[index]! + count;
	}

	const recordStarts = new Uint32Array(documents + 1);
	for (const [index, part] of parts.entries()) {
		for (let doc = 0; doc < part.documents; doc++) {
			recordStarts[bases[index]! + doc + 1] = recordStarts[bases[index]!]! + part.recordStarts[doc + 1]!;
		}
	}

	const concat = (pick: (part: Segment) => Uint32Array) => bytesOf(Uint32Array.from(parts.flatMap(part => [...pick(part)])));
	const vocabularyBytes = Buffer.from(vocabulary.join('\n'));
	const lengths: Record<(typeof sectionNames)[number], number> = {
		vocabulary: vocabularyBytes.length,
		termStarts: 4 * termStarts.length,
		lengths: 4 * documents,
		times: 4 * documents,
		fingerprints: 4 * documents,
		postings: 4 * termStarts[vocabulary.length]!,
		records: recordStarts[documents]!,
		recordStarts: 4 * recordStarts.length,
	};
	let offset = headerSpace;
	const sections = Object.fromEntries(
		sectionNames.map(name => {
			const section = [offset, lengths[name]] as const;
			offset += lengths[name];
			return [name, section];
		}),
	) as Sections;
	const header: Header = {format, documents, terms: vocabulary.length, sections};
	const head = Buffer.alloc(headerSpace, ' ');
	head.write(JSON.stringify(header));
	const fd = openSync(file, 'w', 0o600);
	try {
		// Two small arrays a term: gathered into a megabyte before each write, not a system call each.
		const pending = Buffer.alloc(1024 * 1024);
		let used = 0;
		const flush = () => {
			for (let done = 0; done < used; ) {
				done += writeSync(fd, pending, done, used - done);
			}

			used = 0;
		};

		const write = (bytes: Uint8Array) => {
			if (used + bytes.length > pending.length) {
				flush();
			}

			if (bytes.length > pending.length) {
				for (let done = 0; done < bytes.length; ) {
					done += writeSync(fd, bytes, done, bytes.length - done);
				}

				return;
			}

			pending.set(bytes, used);
			used += bytes.length;
		};

		write(head);
		write(vocabularyBytes);
		write(bytesOf(termStarts));
		write(concat(part => part.lengths));
		write(concat(part => part.times));
		write(concat(part => part.fingerprints));
		for (const found of sources) {
			const lists = found.map(([part, term]) => ({base: bases[part]!, postings: parts[part]!.postings(term)}));
			write(bytesOf(Uint32Array.from(lists.flatMap(({base, postings}) => [...postings.docs].map(doc => doc + base)))));
			write(bytesOf(Uint32Array.from(lists.flatMap(({postings}) => [...postings.frequencies]))));
		}

		for (const part of parts) {
			write(part.recordBytes());
		}

		write(bytesOf(recordStarts));
		flush();
	} finally {
		closeSync(fd);
	}
}

/** The sorted union of the parts' vocabularies, and for each term the (part, term number) pairs that have it. */
function unionOf(parts: readonly Segment[]): {vocabulary: string[]; sources: Array<Array<[part: number, term: number]>>} {
	const cursors = parts.map(() => 0);
	const vocabulary: string[] = [];
	const sources: Array<Array<[number, number]>> = [];
	for (;;) {
		let next: string | undefined;
		for (const [part, cursor] of cursors.entries()) {
			const term = parts[part]!.vocabulary[cursor];
			if (term !== undefined && (next === undefined || term < next)) {
				next = term;
			}
		}

		if (next === undefined) {
			return {vocabulary, sources};
		}

		const found: Array<[number, number]> = [];
		for (const [part, cursor] of cursors.entries()) {
			if (parts[part]!.vocabulary[cursor] === next) {
				found.push([part, cursor]);
				cursors[part]!++;
			}
		}

		vocabulary.push(next);
		sources.push(found);
	}
}
