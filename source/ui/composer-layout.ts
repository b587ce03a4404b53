/**
 * The composer's text as screen rows, measured in columns (wide characters take two, a tab runs to the next
 * 8-column stop), and the window of them shown: the composer is capped in height, so the live area always
 * fits the screen whatever is pasted into it, and scrolls to keep the cursor in view.
 */
import {columnsOf} from '../text/width.js';

/** A screen row; on the cursor's row, `under` is the character the cursor is on (a space at a line's end). */
export type ComposerRow = {before: string; under?: string; after: string};

export type ComposerView = {rows: ComposerRow[]; top: number; total: number; cursorRow: number};

type Cell = {text: string; index: number};

/** Every row of `value` wrapped at `columns`, and the row the cursor is on. */
export function composerRows(value: string, cursor: number, columns: number): {rows: ComposerRow[]; cursorRow: number} {
	const width = Math.max(2, columns);
	const lines: Array<{cells: Cell[]; end: number}> = [];
	let cells: Cell[] = [];
	let used = 0;
	let index = 0;
	for (const character of value) {
		if (character === '\n') {
			lines.push({cells, end: index});
			cells = [];
			used = 0;
		} else {
			const text = character === '\t' ? ' '.repeat(8 - (used % 8)) : character;
			const columnsTaken = columnsOf(text);
			if (used + columnsTaken > width) {
				lines.push({cells, end: -1});
				cells = [];
				used = 0;
			}

			cells.push({text, index});
			used += columnsTaken;
		}

		index += character.length;
	}

	// The cursor at the end of a full row goes to the next, or its block would wrap.
	if (cursor === value.length && used + 1 > width) {
		lines.push({cells, end: -1});
		cells = [];
	}

	lines.push({cells, end: value.length});
	let cursorRow = 0;
	const rows = lines.map(({cells, end}, row) => {
		const at = cells.findIndex(cell => cell.index === cursor);
		const join = (part: Cell[]) => part.map(cell => cell.text).join('');
		if (at !== -1 || end === cursor) {
			cursorRow = row;
			return at === -1 ? {before: join(cells), under: ' ', after: ''} : {before: join(cells.slice(0, at)), under: cells[at]!.text, after: join(cells.slice(at + 1))};
		}

		return {before: join(cells), after: ''};
	});
	return {rows, cursorRow};
}

/**
 * The rows shown, at most `maxRows` of them: the window keeps the previous one's top where it can (moving
 * the cursor within it does not scroll), and moves just enough to keep the cursor in it.
 */
export function composerView(value: string, cursor: number, columns: number, maxRows: number, previousTop = 0): ComposerView {
	const {rows, cursorRow} = composerRows(value, cursor, columns);
	const cap = Math.max(1, maxRows);
	const top = Math.max(0, Math.min(rows.length - cap, cursorRow, Math.max(previousTop, cursorRow - cap + 1)));
	return {rows: rows.slice(top, top + cap), top, total: rows.length, cursorRow};
}

/** Rows the composer takes on screen: its text's, and a line saying where the cursor is when it scrolls. */
export function composerHeight(view: ComposerView): number {
	return view.rows.length + (view.total > view.rows.length ? 1 : 0);
}

/** The composer's height limit in a terminal of `rows`: a third of it, from 3 to 10 rows. */
export function composerMaxRows(rows: number): number {
	return Math.max(3, Math.min(10, Math.floor(rows / 3)));
}
