/**
 * Words as recall indexes and queries them: lower-cased, split at spaces, line breaks, punctuation and symbols; the
 * index holds each word's stem (settle, settled, settling → settl) and leaves out the words that carry no
 * subject (the, we, what), so that a question matches by the words that say what it is about.
 *
 * Chinese, Japanese and Korean are written without spaces between words, so a run of their characters is
 * indexed as its overlapping pairs of characters (中文搜索 → 中文, 文搜, 搜索; a character alone stays one), as
 * Lucene's CJKBigramFilter does: a query in those scripts is split the same way, so it finds a text holding it
 * without a dictionary of words, and the terms are bounded (pairs of characters) rather than one per sentence.
 * A run in another script beside them (`用websocket连接`) is a word of its own.
 */
import {stemmer} from 'stemmer';
import {stopWords} from './stop-words.js';

/** Spaces, punctuation and symbols (`=`, `+`, `|`, `<`): `key=482913` is the word key and the number 482913. */
const separator = /[\n\r\p{Z}\p{P}\p{S}]+/u;
/** Han (Chinese, kanji), Hiragana, Katakana (with its prolonged sound mark) and Hangul: the scripts Lucene pairs. */
const cjkRun = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]+/gu;
const hasCjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function tokenize(text: string): string[] {
	const words = text.toLowerCase().split(separator);
	if (!hasCjk.test(text)) {
		return words.filter(term => term !== '');
	}

	const terms: string[] = [];
	for (const word of words) {
		if (hasCjk.test(word)) {
			splitCjk(word, terms);
		} else if (word !== '') {
			terms.push(word);
		}
	}

	return terms;
}

/** Appends `word`'s runs of other scripts as they are and its CJK runs as overlapping pairs of characters. */
function splitCjk(word: string, terms: string[]): void {
	let from = 0;
	for (const {0: run, index} of word.matchAll(cjkRun)) {
		if (index > from) {
			terms.push(word.slice(from, index));
		}

		// By code point: a Han character beyond U+FFFF is one character of two UTF-16 units.
		const characters = Array.from(run);
		if (characters.length === 1) {
			terms.push(run);
		}

		for (let i = 0; i + 1 < characters.length; i++) {
			terms.push(characters[i]! + characters[i + 1]!);
		}

		from = index + run.length;
	}

	if (from < word.length) {
		terms.push(word.slice(from));
	}
}

/** The terms a text is indexed by: the stems of its words that are not stop words. */
export function indexTerms(text: string): string[] {
	return tokenize(text)
		.filter(word => !stopWords.has(word))
		.map(stem);
}

/** Stems already found: a conversation's words are few and recur, and the stemmer's rules cost ~1 µs a word. */
const stems = new Map<string, string>();
const maxStems = 200_000;

/**
 * A word's stem; the Porter stemmer is for English words, so words with digits or other scripts stay as they
 * are, and are not kept among the stems found (a pasted log's numbers and Chinese pairs of characters filled
 * it with entries that saved nothing: V8's heap at the peak of a 50,000-message build was 68 MB with them,
 * 43 MB without).
 */
export function stem(word: string): string {
	if (!/^[a-z]+$/.test(word)) {
		return word;
	}

	let found = stems.get(word);
	if (found === undefined) {
		found = stemmer(word);
		if (stems.size >= maxStems) {
			stems.clear();
		}

		stems.set(word, found);
	}

	return found;
}

/**
 * Whether a word is matched only as it is, never by the longer terms it begins or by near misses: a word
 * with a digit in it (a port, an error code, a version, a hex id) names one thing, and 8443 is not 8433 nor
 * 84430. Their terms are many in pasted logs (a value a line), so scanning them for look-alikes is also what
 * made a query slow.
 */
export function exactOnly(word: string): boolean {
	return /\d/.test(word);
}

export type QueryWord = {word: string; term: string};

/** A query's meaningful words, each with its term; a query of stop words alone keeps them (and will find nothing). */
export function queryWords(query: string): QueryWord[] {
	const words = [...new Set(tokenize(query))];
	const meaningful = words.filter(word => !stopWords.has(word));
	return (meaningful.length > 0 ? meaningful : words).map(word => ({word, term: stem(word)}));
}

/** The words of `text` that stand for the index terms a hit matched, as written there (to mark them in it). */
export function wordsFor(text: string, terms: readonly string[]): string[] {
	const wanted = new Set(terms);
	const words = [...new Set(tokenize(text))].filter(word => wanted.has(stem(word)) || wanted.has(word));
	return words.length > 0 ? words : [...terms];
}
