/**
 * A reply's parts as terminal text, for the TUI, the first screen and `tether show`: a tool call as a one-line
 * card (`✓ read NOTES.md · 42 ms`), thinking as one dim collapsed line, and with details the tool's arguments
 * and output and the whole thinking. Text parts are rendered by the caller (markdown or plain).
 */
import chalk from 'chalk';
import type {Part, ToolCallPart} from '../session/message.js';
import {argumentSummary} from '../session/run-progress.js';
import {sanitize, sanitizeLine} from './sanitize.js';

export type PartsLook = {
	/** Columns the text may take (the caller indents it). */
	width: number;
	/** Arguments, tool output and thinking in full (Ctrl+O in the TUI, `--details` for show). */
	details: boolean;
	/** Colour: off for pipes and `NO_COLOR`, where chalk already prints plain. */
	renderText: (text: string) => string;
};

/** Lines of tool output shown with details; the file keeps more (see parts.ts: maxToolResultChars). */
const resultLines = 12;

const toolMark = {running: '◌', done: '✓', error: '✗'} as const;

/** `✓ read NOTES.md · 42 ms`: the tool, a summary of its arguments, and how it went. */
export function toolCardLine(part: ToolCallPart, width: number): string {
	const summary = argumentSummary(part.arguments, Math.max(10, width - part.name.length - 20)) || (part.summary ? ` ${part.summary}` : '');
	const how = part.status === 'running' ? 'running…' : part.status === 'error' ? 'failed' : undefined;
	const duration = part.durationMs === undefined ? undefined : formatMs(part.durationMs);
	const tail = [how, duration].filter(Boolean).join(' · ');
	const mark = part.status === 'done' ? chalk.green(toolMark.done) : part.status === 'error' ? chalk.red(toolMark.error) : chalk.cyan(toolMark.running);
	return `${mark} ${chalk.bold(sanitizeLine(part.name))}${chalk.dim(sanitizeLine(summary))}${tail ? chalk.dim(` · ${tail}`) : ''}`;
}

function formatMs(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function words(text: string): number {
	return text.split(/\s+/).filter(Boolean).length;
}

/** The parts, in order, as text with styling; blank lines between parts. */
export function renderParts(parts: readonly Part[], look: PartsLook): string {
	return parts
		.map(part => renderPart(part, look))
		.filter(text => text !== '')
		.join('\n\n');
}

function renderPart(part: Part, look: PartsLook): string {
	switch (part.type) {
		case 'text': {
			return look.renderText(part.text);
		}

		case 'thinking': {
			const head = chalk.dim.italic(`✻ thinking · ${words(part.text)} words${look.details ? '' : ' (Ctrl+O shows)'}`);
			return look.details ? `${head}\n${chalk.dim(indentLines(sanitize(part.text)))}` : head;
		}

		case 'toolCall': {
			const card = toolCardLine(part, look.width);
			if (!look.details) {
				return card;
			}

			const args = part.arguments === undefined ? [] : [chalk.dim(indentLines(`args: ${sanitize(JSON.stringify(part.arguments))}`))];
			const output = part.result === undefined ? [] : [chalk.dim(indentLines(clipLines(sanitize(part.result), resultLines)))];
			return [card, ...args, ...output].join('\n');
		}

		case 'error': {
			return chalk.red(`✗ ${sanitize(part.text)}`);
		}
	}
}

function clipLines(text: string, max: number): string {
	const lines = text.split('\n');
	return lines.length <= max ? text : [...lines.slice(0, max), `… ${lines.length - max} more lines`].join('\n');
}

function indentLines(text: string): string {
	return text.replaceAll(/^/gm, '  ');
}
