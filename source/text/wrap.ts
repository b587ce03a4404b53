/**
 * Styled text wrapped to a width in terminal columns, measured by width.ts: the same function every height and
 * width estimate uses. The rows are those wrap-ansi 10 makes (its algorithm, kept for the sequences Tether's
 * renderer writes: SGR styles and OSC 8 links; test/text/wrap.test.ts compares the two), each row closing the
 * styles and link it leaves open and the next opening them again, so a row stands on its own.
 *
 * Why not wrap-ansi itself: it measures with string-width, whose emoji test compiles a pattern of every emoji
 * sequence at the first word that is not ASCII — 30–90 ms, and its grapheme segmenter ~15 ms more at load —
 * which the first screen of every session holding a dash or an accent paid before showing anything
 * (bench/README.md, Reattach). width.ts measures a code point at a time and segments only text that joins
 * several into one cluster (emoji sequences, flags).
 */
import {clusterWidth, hasClusters, width} from './measure.js';

export type WrapOptions = {
	/** Drop the spaces that start and end each row (wrap-ansi's `trim`, its default). */
	trim?: boolean;
	/** Break between words where one fits; false breaks anywhere (code). */
	wordWrap?: boolean;
};

const escape = '\u001B';
const bell = '\u0007';
// An SGR style (ESC [ params m), another CSI sequence, an OSC 8 link (ESC ] 8 ; params ; uri BEL|ST) or another OSC string.
// eslint-disable-next-line no-control-regex -- escape sequences are made of control characters
const sequence = /\u001B\[(?:(?<sgr>[\d;:]*)m|[0-?]*[ -/]*[@-~])|\u001B\](?:8;(?<parameters>[^;\u0000-\u001F\u007F-\u009F]*);(?<uri>[^\u0000-\u001F\u007F-\u009F]*)|[^\u0000-\u001F\u007F-\u009F]*)(?:\u0007|\u001B\\)/y;

/** Wraps each line of `text` (hard: no row wider than `columns`). */
export function wrapStyled(text: string, columns: number, {trim = true, wordWrap = true}: WrapOptions = {}): string {
	return text
		.replaceAll('\r\n', '\n')
		.split('\n')
		.map(line => wrapLine(expandTabs(normalize(line)), columns, trim, wordWrap))
		.join('\n');
}

type Part = {text: string; sequence?: RegExpExecArray};

/** The line as plain runs and whole escape sequences, in order (an ESC that starts no sequence is plain text). */
function parts(line: string): Part[] {
	const out: Part[] = [];
	let plain = '';
	for (let index = 0; index < line.length;) {
		const at = line.indexOf(escape, index);
		if (at === -1) {
			plain += line.slice(index);
			break;
		}

		sequence.lastIndex = at;
		const match = sequence.exec(line);
		plain += line.slice(index, match ? at : at + 1);
		index = match ? at + match[0].length : at + 1;
		if (match) {
			if (plain !== '') {
				out.push({text: plain});
				plain = '';
			}

			out.push({text: match[0], sequence: match});
		}
	}

	if (plain !== '') {
		out.push({text: plain});
	}

	return out;
}

const plainOf = (line: string) => parts(line).filter(part => !part.sequence).map(part => part.text).join('');
const visibleWidth = (line: string) => width(plainOf(line));

function normalize(line: string): string {
	return parts(line).map(part => (part.sequence ? part.text : part.text.normalize())).join('');
}

/**
 * The line with each tab replaced by the spaces that reach the next 8-column stop, as the terminal moves its
 * cursor; colour codes and links in it take no columns.
 */
export function expandTabs(line: string): string {
	if (!line.includes('\t')) {
		return line;
	}

	let out = '';
	let column = 0;
	for (const part of parts(line)) {
		if (part.sequence) {
			out += part.text;
			continue;
		}

		for (const [index, piece] of part.text.split('\t').entries()) {
			if (index > 0) {
				const pad = 8 - (column % 8);
				out += ' '.repeat(pad);
				column += pad;
			}

			out += piece;
			column += width(piece);
		}
	}

	return out;
}

type Word = {value: string; width: number};

/** Words between spaces, a space inside a sequence (an OSC payload) not counting. */
function words(line: string): Word[] {
	const out: Array<{value: string; plain: string}> = [{value: '', plain: ''}];
	for (const part of parts(line)) {
		if (part.sequence) {
			out.at(-1)!.value += part.text;
			continue;
		}

		const pieces = part.text.split(' ');
		out.at(-1)!.value += pieces[0];
		out.at(-1)!.plain += pieces[0];
		for (const piece of pieces.slice(1)) {
			out.push({value: piece, plain: piece});
		}
	}

	return out.map(word => ({value: word.value, width: width(word.plain)}));
}

/** A word as the units a row may break between: sequences (no width), and characters with their marks. */
function units(word: string): Word[] {
	const out: Word[] = [];
	for (const part of parts(word)) {
		if (part.sequence) {
			out.push({value: part.text, width: 0});
			continue;
		}

		const characters = hasClusters(part.text) ? clusters(part.text) : part.text;
		for (const character of characters) {
			const columns = hasClusters(character) ? clusterWidth(character) : width(character);
			const last = out.at(-1);
			// A combining mark stays with the character it marks.
			if (columns === 0 && last && !last.value.startsWith(escape)) {
				last.value += character;
			} else {
				out.push({value: character, width: columns});
			}
		}
	}

	return out;
}

let segmenter: Intl.Segmenter | undefined;

/** Grapheme clusters, for text that joins several code points into one (the segmenter is made only then). */
function clusters(text: string): string[] {
	segmenter ??= new Intl.Segmenter();
	return Array.from(segmenter.segment(text), ({segment}) => segment);
}

/** Breaks a word wider than the room left across rows; returns the width of the row it ends on. */
function wrapWord(rows: string[], word: string, columns: number, rowWidth: number): number {
	const pieces = units(word);
	let visible = rowWidth;
	for (const [index, piece] of pieces.entries()) {
		if (piece.width > 0 && visible > 0 && visible + piece.width > columns) {
			rows.push('');
			visible = 0;
		}

		rows[rows.length - 1] += piece.value;
		visible += piece.width;
		if (visible === columns && index < pieces.length - 1) {
			rows.push('');
			visible = 0;
		}
	}

	// A last row of sequences alone joins the row above.
	if (visible === 0 && rows.at(-1)!.length > 0 && rows.length > 1) {
		const last = rows.pop()!;
		rows[rows.length - 1] += last;
	}

	return visibleWidth(rows.at(-1)!);
}

function wrapLine(line: string, columns: number, trim: boolean, wordWrap: boolean): string {
	if (trim && line.trim() === '') {
		return '';
	}

	const rows = [''];
	let rowWidth = 0;
	let trimmedRow = -1;
	for (const [index, word] of words(line).entries()) {
		const row = rows.length - 1;
		if (trim && trimmedRow !== row) {
			const trimmed = rows[row]!.trimStart();
			if (trimmed.length !== rows[row]!.length) {
				rows[row] = trimmed;
				rowWidth = visibleWidth(trimmed);
			}

			if (trimmed.length > 0) {
				trimmedRow = row;
			}
		}

		if (index > 0) {
			if (rowWidth >= columns && (!wordWrap || !trim)) {
				rows.push('');
				rowWidth = 0;
			}

			if (rowWidth > 0 || !trim) {
				rows[rows.length - 1] += ' ';
				rowWidth++;
			}
		}

		if (wordWrap && word.width > columns) {
			// A long word starts on a new row when that spares it a break.
			const breaksHere = 1 + Math.floor((word.width - (columns - rowWidth) - 1) / columns);
			if (Math.floor((word.width - 1) / columns) < breaksHere) {
				rows.push('');
				rowWidth = 0;
			}

			rowWidth = wrapWord(rows, word.value, columns, rowWidth);
			continue;
		}

		if (rowWidth + word.width > columns && rowWidth > 0 && word.width > 0) {
			if (!wordWrap && rowWidth < columns) {
				rowWidth = wrapWord(rows, word.value, columns, rowWidth);
				continue;
			}

			rows.push('');
			rowWidth = 0;
		}

		if (rowWidth + word.width > columns && !wordWrap) {
			rowWidth = wrapWord(rows, word.value, columns, rowWidth);
			continue;
		}

		rows[rows.length - 1] += word.value;
		rowWidth += word.width;
	}

	return restoreStyles((trim ? rows.map(row => trimEnd(row)) : rows).join('\n'));
}

/** The row without the spaces after its last visible character; sequences among them are kept. */
function trimEnd(row: string): string {
	if (!row.includes(' ')) {
		return row;
	}

	const pieces = parts(row);
	for (let index = pieces.length - 1; index >= 0; index--) {
		const piece = pieces[index]!;
		if (piece.sequence) {
			continue;
		}

		piece.text = piece.text.replace(/ +$/, '');
		if (width(piece.text) > 0) {
			break;
		}
	}

	return pieces.map(piece => piece.text).join('');
}

type Style = {family: string; open: string; close: number};

// SGR codes that end a style, and the style each modifier's opening code is ended by (ansi-styles' table).
const modifierClose = new Map([[1, 22], [2, 22], [3, 23], [4, 24], [53, 55], [7, 27], [8, 28], [9, 29]]);
const closeCodes = new Set([22, 23, 24, 55, 27, 28, 29, 39, 49]);

type SgrToken = {code: number; open: string; colour: boolean};

function sgrTokens(parameters: string): SgrToken[] {
	const values = parameters.split(';');
	const out: SgrToken[] = [];
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (value.includes(':')) {
			continue; // colon forms: Tether's renderer writes none
		}

		const code = value === '' ? 0 : Number.parseInt(value, 10);
		if (!Number.isFinite(code)) {
			continue;
		}

		if (code === 38 || code === 48 || code === 58) {
			const mode = Number(values[index + 1]);
			const arguments_ = mode === 5 ? values.slice(index + 2, index + 3) : values.slice(index + 2, index + 5);
			if ((mode === 5 || mode === 2) && arguments_.length === (mode === 5 ? 1 : 3) && arguments_.every(part => Number.isFinite(Number.parseInt(part, 10)))) {
				out.push({code, open: [code, mode, ...arguments_.map(part => Number.parseInt(part, 10))].join(';'), colour: true});
				index += 1 + arguments_.length;
				continue;
			}

			break;
		}

		out.push({code, open: String(code), colour: false});
	}

	return out;
}

function familyOf({code, colour}: SgrToken): {family: string; close: number} | undefined {
	if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97) || (code === 38 && colour)) {
		return {family: 'foreground', close: 39};
	}

	if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107) || (code === 48 && colour)) {
		return {family: 'background', close: 49};
	}

	return code === 58 && colour ? {family: 'underlineColor', close: 59} : undefined;
}

/** Applies a closing code to the open styles; false if the code closes nothing. */
function applyClose(code: number, styles: Style[]): boolean {
	const families: Record<number, string> = {39: 'foreground', 49: 'background', 59: 'underlineColor'};
	if (code === 0) {
		styles.length = 0;
	} else if (families[code] !== undefined) {
		remove(styles, style => style.family === families[code]);
	} else if (closeCodes.has(code)) {
		remove(styles, style => style.family.startsWith('modifier-') && style.close === code);
	} else {
		return false;
	}

	return true;
}

function remove(styles: Style[], matches: (style: Style) => boolean): void {
	for (let index = styles.length - 1; index >= 0; index--) {
		if (matches(styles[index]!)) {
			styles.splice(index, 1);
		}
	}
}

function apply(parameters: string, styles: Style[]): void {
	for (const token of sgrTokens(parameters)) {
		if (applyClose(token.code, styles)) {
			continue;
		}

		const family = familyOf(token) ?? (modifierClose.has(token.code) ? {family: `modifier-${token.code}`, close: modifierClose.get(token.code)!} : undefined);
		if (family) {
			remove(styles, style => style.family === family.family);
			styles.push({...family, open: token.open});
		}
	}
}

const sgr = (code: number | string) => `${escape}[${code}m`;
const link = (uri: string, parameters = '') => `${escape}]8;${parameters};${uri}${bell}`;

/** Closes the styles and link open at each row's end and opens them again at the next row's start. */
function restoreStyles(text: string): string {
	if (!text.includes('\n') || !text.includes(escape)) {
		return text;
	}

	let out = '';
	const styles: Style[] = [];
	let openLink: {uri: string; parameters: string} | undefined;
	const rows = text.split('\n');
	for (const [index, row] of rows.entries()) {
		if (index > 0 && row !== '') {
			// The next row's own leading resets already close some of what was open.
			const opening = [...styles];
			for (const part of parts(row)) {
				if (!part.sequence) {
					break;
				}

				const parameters = part.sequence.groups?.sgr;
				for (const token of parameters === undefined ? [] : sgrTokens(parameters)) {
					applyClose(token.code, opening);
				}
			}

			out += opening.map(style => sgr(style.open)).join('') + (openLink ? link(openLink.uri, openLink.parameters) : '');
		}

		out += row;
		for (const part of parts(row)) {
			const groups = part.sequence?.groups;
			if (groups?.sgr !== undefined) {
				apply(groups.sgr, styles);
			} else if (groups?.uri !== undefined) {
				openLink = groups.uri === '' ? undefined : {uri: groups.uri, parameters: groups.parameters ?? ''};
			}
		}

		if (index < rows.length - 1) {
			if (row !== '') {
				out += (openLink ? link('') : '') + styles.toReversed().map(style => sgr(style.close)).join('');
			}

			out += '\n';
		}
	}

	return out;
}
