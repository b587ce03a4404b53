/**
 * The help's text as lines wrapped to the terminal, measured in columns: two columns (key, what it does) where
 * the width allows, else each name on a line of its own with what it does indented below, so a 40-column
 * terminal reads it as well as a wide one. The overlay shows a window of these lines that fits the screen.
 */
import chalk from 'chalk';
import type {GatewayCommand} from '../session/gateway-queries.js';
import {columnsOf, padColumns} from '../text/width.js';
import {wrapStyled} from '../text/wrap.js';
import {helpKeyRows} from './keymap.js';
import {shadowedCommands, slashCommands} from './slash/index.js';

/** Below this many columns inside the box, names and descriptions stack. */
const twoColumnsFrom = 60;

export function helpLines(gatewayCommands: readonly GatewayCommand[], columns: number): string[] {
	const width = Math.max(10, columns);
	const entries = (rows: ReadonlyArray<readonly [string, string]>) => {
		const nameWidth = Math.min(30, Math.max(...rows.map(([name]) => columnsOf(name)))) + 2;
		return rows.flatMap(([name, what]) => (width >= twoColumnsFrom ? sideBySide(name, what, nameWidth, width) : stacked(name, what, width)));
	};

	const shadowed = shadowedCommands(gatewayCommands.map(command => command.name));
	const gateway = gatewayCommands.length > 0 ? chalk.cyan(gatewayCommands.map(command => `/${command.name}`).join('  ')) : chalk.dim('none listed by this gateway');
	return [
		chalk.bold('Keys'),
		...entries(helpKeyRows()),
		chalk.bold('Commands'),
		...entries(slashCommands.map(command => [`/${command.name}${command.args ? ` ${command.args}` : ''}`, command.description])),
		chalk.bold("The gateway's commands"),
		// Names only, wrapped: a real gateway lists dozens.
		...wrapped(gateway, width),
		...(shadowed.length > 0 ? wrapped(chalk.dim(`${shadowed.map(name => `//${name}`).join(' ')} reach the gateway's own ${shadowed.map(name => `/${name}`).join(', ')}.`), width) : []),
		...wrapped(chalk.dim('Any other /word (and text like /etc/hosts …) is sent to the gateway as typed.'), width),
	];
}

function sideBySide(name: string, what: string, nameWidth: number, width: number): string[] {
	const lines = wrapped(what, width - nameWidth);
	const head = columnsOf(name) < nameWidth ? [`${chalk.cyan(padColumns(name, nameWidth))}${lines.shift()!}`] : [chalk.cyan(name)];
	return [...head, ...lines.map(line => `${' '.repeat(nameWidth)}${line}`)];
}

function stacked(name: string, what: string, width: number): string[] {
	return [...wrapped(chalk.cyan(name), width), ...wrapped(what, width - 2).map(line => `  ${line}`)];
}

/** Wrapped at word boundaries, no line starting with the space it broke at. */
function wrapped(text: string, width: number): string[] {
	return wrapStyled(text, width).split('\n');
}

/** The box's rows besides its lines: the border, and the line saying how to scroll and close. */
export const helpFrameRows = 3;

/** The columns inside the box: the round border and its padding take four. */
export function helpColumns(columns: number): number {
	return columns - 4;
}

/** The first line shown when the help scrolls to `top`: never past the last screenful. */
export function helpTop(top: number, lines: number, shown: number): number {
	return Math.max(0, Math.min(top, lines - shown));
}
