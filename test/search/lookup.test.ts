import {describe, expect, it} from 'vitest';
import {expand, nearMisses} from '../../source/search/lookup.js';
import {Vocabulary} from '../../source/search/vocabulary.js';

/** The textbook Levenshtein distance, to check the shared-row scan against. */
function levenshtein(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
		}

		previous = current;
	}

	return previous[b.length]!;
}

describe('words a query word stands for', () => {
	const vocabulary = Vocabulary.of(['deploy', 'deployed', 'deployment', 'deploymnet', 'depot', 'employment', 'kubernetes', 'kubernets'].toSorted());

	it('counts the word itself fully, longer words it begins less, and near misses in longer words', () => {
		const found = new Map(expand(vocabulary, 'deploy').map(({term, weight}) => [term, weight]));
		expect(found.get('deploy')).toBe(1);
		expect(found.get('deployed')!).toBeGreaterThan(found.get('deployment')!);
		expect(found.get('deployed')!).toBeLessThan(1);
		expect(found.has('employment')).toBe(false);
		expect(expand(vocabulary, 'deploi').map(({term}) => term)).toEqual(['deploy']); // one typo in six letters
		expect(expand(vocabulary, 'kubernets').map(({term}) => term).toSorted()).toEqual(['kubernetes', 'kubernets']);
	});

	it('does not guess at short words', () => {
		expect(expand(vocabulary, 'depl').map(({term}) => term)).toEqual(['deploy', 'deployed', 'deployment', 'deploymnet']);
		expect(expand(vocabulary, 'dpel').map(({term}) => term)).toEqual([]);
	});

	it('looks for typos only among words with the same first letter, and not at all in words with digits', () => {
		const words = Vocabulary.of(['84430', '8433', '8443', 'heartbeat', 'heartbeats', 'jeartbeat'].toSorted());
		expect(expand(words, 'heartbaet').map(({term}) => term)).toEqual(['heartbeat']);
		expect(expand(words, 'eartbeat').map(({term}) => term)).toEqual([]);
		expect(expand(words, '8443').map(({term}) => term)).toEqual(['8443']);
		expect(expand(words, '844').map(({term}) => term)).toEqual([]);
	});

	it('finds exactly the words within reach, as a full Levenshtein table would', () => {
		const letters = 'abcde';
		let seed = 7;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed / 2_147_483_648;
		};

		const word = () => Array.from({length: 3 + Math.floor(random() * 6)}, () => letters[Math.floor(random() * letters.length)]).join('');
		const words = [...new Set(Array.from({length: 3000}, word))].toSorted();
		for (const query of ['abcde', 'eeaab', 'cabbage', 'ddddddd']) {
			for (const typos of [1, 2]) {
				const expected = new Map(words.flatMap((term, index) => {
					const distance = levenshtein(query, term);
					return distance > 0 && distance <= typos ? [[index, distance] as const] : [];
				}));
				expect(nearMisses(Vocabulary.of(words), Buffer.from(query), typos)).toEqual(expected);
			}
		}
	});
});
