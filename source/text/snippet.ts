/** A one-line excerpt around the first matched term, with the matches marked by a caller-chosen style. */
import {sanitizeLine} from './sanitize.js';

export function snippet(text: string, terms: readonly string[], mark: (match: string) => string, width = 100): string {
	const line = sanitizeLine(text).replaceAll(/\s+/g, ' ');
	const lower = line.toLowerCase();
	const first = Math.min(...terms.map(term => lower.indexOf(term.toLowerCase())).filter(index => index >= 0), line.length);
	const start = Math.max(0, first - Math.floor(width / 3));
	const excerpt = `${start > 0 ? '…' : ''}${line.slice(start, start + width)}${start + width < line.length ? '…' : ''}`;
	if (terms.length === 0) {
		return excerpt;
	}

	const pattern = new RegExp(terms.map(term => term.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
	return excerpt.replaceAll(pattern, match => mark(match));
}
