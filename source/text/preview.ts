/** One-line previews and relative times for listings. */
import {sanitizeLine} from './sanitize.js';

export function contentPreview(text: string, max = 200): string {
	const line = sanitizeLine(text).replaceAll(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function relativeTime(iso: string, now: number): string {
	const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
	if (seconds < 60) {
		return 'just now';
	}

	const units: Array<[number, string]> = [
		[60, 'min'],
		[3600, 'h'],
		[86_400, 'd'],
		[604_800, 'w'],
	];
	let label = '';
	for (const [size, unit] of units) {
		if (seconds >= size) {
			label = `${Math.floor(seconds / size)} ${unit} ago`;
		}
	}

	return label;
}
