/** Session names: `[A-Za-z0-9._-]{1,64}`, never a path. */
import {InvalidSessionName} from './errors.js';

const pattern = /^[\w.-]{1,64}$/;

export function validateSessionName(name: string): string {
	if (name.length === 0) {
		throw new InvalidSessionName(name, 'it is empty');
	}

	if (name.length > 64) {
		throw new InvalidSessionName(name, 'it is longer than 64 characters');
	}

	if (name === '.' || name === '..' || !pattern.test(name)) {
		throw new InvalidSessionName(name, 'use letters, digits, dot, dash and underscore only');
	}

	return name;
}

/** Names within a small edit distance, for "did you mean". */
export function closeNames(name: string, candidates: readonly string[], limit = 3): string[] {
	return candidates
		.map(candidate => ({candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase())}))
		.filter(({candidate, distance}) => distance <= Math.max(2, Math.floor(name.length / 3)) || candidate.startsWith(name))
		.sort((a, b) => a.distance - b.distance)
		.slice(0, limit)
		.map(({candidate}) => candidate);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return previous[b.length]!;
}
