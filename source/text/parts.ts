/**
 * A reply's parts as terminal text, for the TUI, the first screen and `tether show`: a tool call as a one-line
 * card (`✓ read NOTES.md · 42 ms`), thinking as one dim collapsed line, and with details the tool's arguments
 * and output and the whole thinking. Text parts are rendered by the caller (markdown or plain).
 */
import chalk, {Chalk, type ChalkInstance} from 'chalk';
import {wrapStyled} from './wrap.js';
import type {Part, ToolCallPart} from '../model/message.js';
import {argumentSummary} from './argument-summary.js';
import {sanitize, sanitizeLine} from './sanitize.js';

export type PartsLook = {
	/** Columns the text may take (the caller indents it). */
	width: number;
	/** Arguments, tool output and thinking in full (Ctrl+O in the TUI, `--details` for show). */
	details: boolean;
	renderText: (text: string) => string;
	/** No styling at all (`tether show` piped or with `NO_COLOR`), whatever the terminal supports. */
	plain?: boolean;
};

const noColour = new Chalk({level: 0});

/** Lines of tool output shown with details; the file keeps more (see parts.ts: maxToolResultChars). */
const resultLines = 12;

const toolMark = {running: '◌', done: '✓', error: '✗'} as const;

/** `✓ read NOTES.md · 42 ms`: the tool, a summary of its arguments, and how it went. */
export function toolCardLine(part: ToolCallPart, width: number, paint: ChalkInstance = chalk): string {
	const summary = argumentSummary(part.arguments, Math.max(10, width - part.name.length - 20)) || (part.summary ? ` ${part.summary}` : '');
	const how = part.status === 'running' ? 'running…' : (part.status === 'error' ? 'failed' : undefined);
	const duration = part.durationMs === undefined ? undefined : formatMs(part.durationMs);
	const tail = [how, duration].filter(Boolean).join(' · ');
	const mark = part.status === 'done' ? paint.green(toolMark.done) : (part.status === 'error' ? paint.red(toolMark.error) : paint.cyan(toolMark.running));
	return `${mark} ${paint.bold(sanitizeLine(part.name))}${paint.dim(sanitizeLine(summary))}${tail ? paint.dim(` · ${tail}`) : ''}`;
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
	const paint = look.plain ? noColour : chalk;
	switch (part.type) {
		case 'text': {
			return look.renderText(part.text);
		}

		case 'thinking': {
			const head = paint.dim.italic(`✻ thinking · ${words(part.text)} words${look.details ? '' : (look.plain ? '' : ' (Ctrl+O shows)')}`);
			return look.details ? `${head}\n${paint.dim(indentLines(sanitize(part.text), look.width))}` : head;
		}

		case 'toolCall': {
			const card = toolCardLine(part, look.width, paint);
			if (!look.details) {
				return card;
			}

			const args = part.arguments === undefined ? [] : [paint.dim(indentLines(`args: ${sanitize(JSON.stringify(part.arguments))}`, look.width))];
			const output = part.result === undefined || part.result.trim() === '' ? [] : [paint.dim(indentLines(clipLines(sanitize(part.result).replace(/\n+$/, ''), resultLines), look.width))];
			return [card, ...args, ...output].join('\n');
		}

		case 'error': {
			return paint.red(`✗ ${sanitize(part.text)}`);
		}
	}
}

function clipLines(text: string, max: number): string {
	const lines = text.split('\n');
	return lines.length <= max ? text : [...lines.slice(0, max), `… ${lines.length - max} more lines`].join('\n');
}

/** Indented by two columns, wrapped first so that every line of a long one is indented too (`width` in columns). */
function indentLines(text: string, width: number): string {
	return wrapStyled(text, Math.max(10, width - 2), {trim: false}).replaceAll(/^/gm, '  ');
}
