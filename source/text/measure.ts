/**
 * The columns a run of text takes, without tabs or colour codes: a wide (CJK) character or an emoji two, a
 * combining mark none. The measure under width.ts and wrap.ts, apart so that each can use it.
 */
import {createRequire} from 'node:module';
import {eastAsianWidth} from 'get-east-asian-width';

const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;
// Joined emoji, flags, keycaps, skin tones, emoji presentation (VS16) and tag sequences are one cluster of
// several code points: string-width segments those.
// eslint-disable-next-line no-misleading-character-class -- these marks are looked for alone, as signs of a cluster
const clusters = /[\u200D\u{1F1E6}-\u{1F1FF}\u20E3\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/u;

/** Whether `text` joins several code points into one character somewhere (an emoji sequence, a flag, a keycap). */
export function hasClusters(text: string): boolean {
	return clusters.test(text);
}

let stringWidth: ((text: string) => number) | undefined;

/**
 * Columns of text holding clusters, by string-width (as Ink measures). Loaded at the first cluster: it makes a
 * grapheme segmenter as it loads and compiles a pattern of every emoji at its first word beyond ASCII, together
 * 45–100 ms that a first screen without emoji sequences need not wait for. `require` of an ES module is
 * synchronous from Node 22.12 on, without a warning from 22.13 (engines asks for 22.19).
 */
export function clusterWidth(text: string): number {
	stringWidth ??= (createRequire(import.meta.url)('string-width') as {default: (text: string) => number}).default;
	return stringWidth(text);
}

/**
 * Columns of text without tabs or colour codes. string-width, which Ink measures with, but a code point at a
 * time where no cluster joins several: its grapheme segmenter takes seconds on a reply of 100k characters.
 */
export function width(text: string): number {
	if (clusters.test(text)) {
		return clusterWidth(text);
	}

	let total = 0;
	for (const character of text) {
		const code = character.codePointAt(0)!;
		total += code >= 0x20 && code < 0x7F ? 1 : (zeroWidth.test(character) ? 0 : eastAsianWidth(code));
	}

	return total;
}

