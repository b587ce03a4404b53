/**
 * Text measured as a terminal shows it, in columns: a wide (CJK) character or an emoji takes two, a combining
 * mark none, and a tab runs to the next 8-column stop. Every width or height Tether estimates is measured here,
 * with the same wrapping the text is printed with, so an estimate never differs from the screen.
 */
import {width} from './measure.js';
import {expandTabs, wrapStyled} from './wrap.js';

// One tab expansion for wrapping and measuring alike: wrap.ts's, which lets colour codes take no columns.
export {expandTabs} from './wrap.js';

// Colour codes and OSC 8 hyperlinks (ESC ] 8 ; params ; url BEL or ST) take no columns.
// eslint-disable-next-line no-control-regex -- these sequences start with ESC
const colourCode = /\u001B\[[\d;]*m|\u001B\]8;[^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

/** Columns one line takes (colour codes and hyperlinks take none). */
export function columnsOf(line: string): number {
	const visible = line.replaceAll(colourCode, '');
	// Printable ASCII is one column a character: most lines, measured without segmenting them.
	return /^[\u0020-\u007E]*$/.test(visible) ? visible.length : width(expandTabs(visible));
}

/**
 * Wraps each line of `text` at `columns` terminal columns (hard, keeping spaces, colour codes kept), tabs
 * expanded first. Lines that fit are left as they are: wrap-ansi allocates in proportion to what it is given.
 */
export function wrapColumns(text: string, columns: number): string {
	const width = Math.max(1, columns);
	return text
		.split('\n')
		.map(line => (columnsOf(line) <= width ? expandTabs(line) : wrapStyled(expandTabs(line), width, {trim: false})))
		.join('\n');
}

/** Terminal lines `text` takes wrapped at `columns` by `wrapColumns` (an empty line takes one). */
export function heightOf(text: string, columns: number): number {
	return text.split('\n').reduce((sum, line) => sum + lineHeight(line, columns), 0);
}

function lineHeight(line: string, columns: number): number {
	const wide = columnsOf(line);
	return wide <= Math.max(1, columns) ? 1 : wrapColumns(line, columns).split('\n').length;
}

/** At least as many lines as `text` takes at `columns`, without wrapping it (cheap for a reply of any length). */
export function minHeightOf(text: string, columns: number): number {
	return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(columnsOf(line) / Math.max(1, columns))), 0);
}

/** The end of `line` that takes at most `columns` columns (a wide character is never split). */
export function lastColumns(line: string, columns: number): string {
	// oxlint-disable-next-line typescript/no-misused-spread -- by code point on purpose: each is measured on its own (wide, zero-width or 1)
	const characters = [...expandTabs(line)];
	let used = 0;
	let start = characters.length;
	while (start > 0 && used + width(characters[start - 1]!) <= columns) {
		used += width(characters[--start]!);
	}

	return characters.slice(start).join('');
}

/** Cuts `text` (one line, no colour) to `width` columns, marking the cut with an ellipsis. */
export function fitColumns(text: string, limit: number): string {
	if (limit <= 0) {
		return '';
	}

	if (columnsOf(text) <= limit) {
		return expandTabs(text);
	}

	let out = '';
	let used = 0;
	for (const character of expandTabs(text)) {
		const columns = width(character);
		if (used + columns > limit - 1) {
			break;
		}

		out += character;
		used += columns;
	}

	return `${out}…`;
}

/** `text` padded with spaces to `width` columns. */
export function padColumns(text: string, columns: number): string {
	return text + ' '.repeat(Math.max(0, columns - columnsOf(text)));
}
