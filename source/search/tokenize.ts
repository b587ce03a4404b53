/**
 * Words as recall indexes and queries them: lower-cased, split at spaces, line breaks and punctuation; the
 * index holds each word's stem (settle, settled, settling → settl) and leaves out the words that carry no
 * subject (the, we, what), so that a question matches by the words that say what it is about.
 */
import {stemmer} from 'stemmer';
import {stopWords} from './stop-words.js';

const separator = /[\n\r\p{Z}\p{P}]+/u;

export function tokenize(text: string): string[] {
	return text.toLowerCase().split(separator).filter(term => term !== '');
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

/** A word's stem; the Porter stemmer is for English words, so words with digits or other scripts stay as they are. */
export function stem(word: string): string {
	let found = stems.get(word);
	if (found === undefined) {
		found = /^[a-z]+$/.test(word) ? stemmer(word) : word;
		if (stems.size >= maxStems) {
			stems.clear();
		}

		stems.set(word, found);
	}

	return found;
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
