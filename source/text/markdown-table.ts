/**
 * A markdown table laid out to a width in terminal columns: columns keep their natural width while the table
 * fits, the widest shrink first when it does not, and cells wrap inside their column (by words, a word longer
 * than its column cut), aligned as the separator row says (`:---:` centre, `---:` right). Below a few columns
 * a cell, a grid is no longer readable: each row is then printed as `header: value` lines instead. Pure: cells
 * come in already styled (colour codes take no columns), lines come out no wider than `width`.
 */
import chalk from 'chalk';
import {wrapStyled} from './wrap.js';
import {columnsOf, expandTabs} from './width.js';

export type Align = 'left' | 'right' | 'center' | null;

export type TableCells = {header: string[]; rows: string[][]; align: Align[]};

/** Narrower than this many columns a cell, a column is too thin to read: the table is printed as records. */
const minColumn = 5;

/** Border, padding and the cells' text: `│ a │ b │` is 3 columns a cell and one more. */
const frame = (count: number) => 3 * count + 1;

export function renderTable(table: TableCells, width: number): string[] {
	const count = table.header.length;
	const all = [table.header, ...table.rows].map(row => Array.from({length: count}, (_, index) => expandTabs(row[index] ?? '')));
	const natural = Array.from({length: count}, (_, column) => Math.max(1, ...all.map(row => widest(row[column]!))));
	const widths = fitWidths(natural, width - frame(count));
	return widths ? grid(all, widths, table.align) : records(all, width);
}

/** The widest line of a cell, in columns. */
function widest(cell: string): number {
	return Math.max(0, ...cell.split('\n').map(line => columnsOf(line)));
}

/**
 * Column widths that sum to at most `available`: each column's natural width capped at the largest cap that
 * fits, columns under the cap keeping theirs. Undefined when the cap would leave a column under `minColumn`.
 */
export function fitWidths(natural: readonly number[], available: number): number[] | undefined {
	const sum = (cap: number) => natural.reduce((total, wide) => total + Math.min(wide, cap), 0);
	if (sum(Number.POSITIVE_INFINITY) <= available) {
		return [...natural];
	}

	let cap = Math.max(...natural);
	while (cap > 0 && sum(cap) > available) {
		cap--;
	}

	if (cap < Math.min(minColumn, ...natural.filter(wide => wide > cap))) {
		return undefined;
	}

	// What the cap left over goes to the capped columns, left first, a column each.
	const widths = natural.map(wide => Math.min(wide, cap));
	let spare = available - sum(cap);
	for (let index = 0; spare > 0 && index < widths.length; index++) {
		if (natural[index]! > widths[index]!) {
			widths[index]!++;
			spare--;
		}
	}

	return widths;
}

function grid(rows: string[][], widths: number[], align: readonly Align[]): string[] {
	const border = (left: string, middle: string, right: string) => chalk.dim(`${left}${widths.map(wide => '─'.repeat(wide + 2)).join(middle)}${right}`);
	const bar = chalk.dim('│');
	const lines = [border('┌', '┬', '┐')];
	const wrapped = rows.map(row => row.map((cell, column) => wrapCell(cell, widths[column]!)));
	// Rows of one line each read as a list; once a cell wraps, a rule between rows says where each ends.
	const ruled = wrapped.slice(1).some(row => row.some(cell => cell.length > 1));
	for (const [index, row] of wrapped.entries()) {
		const height = Math.max(...row.map(cell => cell.length));
		for (let line = 0; line < height; line++) {
			const cells = row.map((cell, column) => {
				const text = cell[line] ?? '';
				return pad(index === 0 ? chalk.bold(text) : text, widths[column]!, align[column] ?? null);
			});
			lines.push(`${bar} ${cells.join(` ${bar} `)} ${bar}`);
		}

		if (index === 0 || (ruled && index < wrapped.length - 1)) {
			lines.push(border('├', '┼', '┤'));
		}
	}

	lines.push(border('└', '┴', '┘'));
	return lines;
}

/** The lines of a cell at `width` columns: by words, a longer word cut. */
function wrapCell(cell: string, width: number): string[] {
	return cell === '' ? [''] : cell.split('\n').flatMap(line => (columnsOf(line) <= width ? [line.trim()] : wrapStyled(line, width).split('\n')));
}

function pad(text: string, width: number, align: Align): string {
	const space = Math.max(0, width - columnsOf(text));
	switch (align) {
		case 'right': {
			return ' '.repeat(space) + text;
		}

		case 'center': {
			const left = Math.floor(space / 2);
			return ' '.repeat(left) + text + ' '.repeat(space - left);
		}

		default: {
			return text + ' '.repeat(space);
		}
	}
}

/** Too narrow for a grid: each row as `header: value` lines (wrapped, continued under the value), a rule between rows. */
function records([header, ...rows]: string[][], width: number): string[] {
	const lines: string[] = [];
	for (const [index, row] of rows.entries()) {
		if (index > 0) {
			lines.push(chalk.dim('─'.repeat(Math.min(width, 20))));
		}

		for (const [column, cell] of row.entries()) {
			const name = header![column] ? `${chalk.bold(header![column])}: ` : '';
			lines.push(...wrapStyled(`${name}${cell}`, Math.max(1, width - 2)).split('\n').map((line, at) => (at === 0 ? line : `  ${line}`)));
		}
	}

	return lines;
}
