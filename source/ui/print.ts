/**
 * The transcript as terminal text, one renderer for every place it shows: the first screen of a reattach, the
 * messages printed above the prompt once they settle, and the live area. Plain strings, wrapped to the
 * terminal already, so Ink only places them: laying styled text out is where Ink spends its memory (an
 * object per cell), and a reply can run to thousands of lines.
 */
import chalk from 'chalk';
import type {Message} from '../model/message.js';
import {clock, emptyReply, formatBytes, hasVisibleText, roleColors, roleLabel, statusColor, statusLabel} from '../text/format.js';
import {renderMarkdown} from '../text/markdown.js';
import {renderParts} from '../text/parts.js';
import {sanitize, sanitizeLine} from '../text/sanitize.js';
import {fitColumns, wrapColumns} from '../text/width.js';
import {wrapStyled} from '../text/wrap.js';
import {streamingTail} from './transcript-items.js';

export type MessageLook = {
	columns: number;
	timestamps: boolean;
	/** Arrived while the user was away. */
	fresh: boolean;
	/**
	 * Only the end of the text that fits in this many lines, for the live area, which must fit the screen: a
	 * reply streaming, a long message on its way. Printed for good, a message is whole.
	 */
	maxLines?: number;
	/** Tool arguments and output, and thinking, in full (Ctrl+O). */
	details?: boolean;
};

/** A message: a blank line, who, when and its status, then its text indented (replies as markdown). */
export function printMessage(message: Message, {columns, timestamps, fresh, maxLines, details = false}: MessageLook): string {
	const streaming = message.status === 'streaming';
	// A turn run again (/retry) is the message above once more: it says so rather than repeat the text.
	const {body, truncated} = message.retryOf
		? {body: chalk.dim(fitColumns(`↻ again: ${sanitizeLine(message.text).replaceAll(/\s+/g, ' ')}`, Math.max(20, columns - 2))), truncated: false}
		: (message.parts ? partsBody(message, columns, maxLines, details) : textBody(message, columns, maxLines));
	const status = statusLabel(message);
	const head = [
		chalk.bold[roleColors[message.role]](roleLabel(message)),
		timestamps ? chalk.dim(` · ${clock(message.at)}`) : '',
		status ? chalk[statusColor(message)](` · ${status}`) : '',
		fresh ? chalk.magenta(' · new') : '',
	].join('');
	// A reply with nothing to show yet, or nothing at all: an ellipsis while it streams, a dim note once it is final.
	const empty = streaming ? '…' : (message.role === 'assistant' && message.status === 'final' ? chalk.dim(emptyReply) : ' ');
	const files = (message.attachments ?? []).map(file => indent(wrapColumns(chalk.dim(`↳ ${sanitize(file.fileName)} (${file.mimeType}, ${formatBytes(file.sizeBytes)})`), columns - 2)));
	return [
		'',
		wrapColumns(head, columns),
		...(truncated ? [chalk.dim(streaming ? '  … (the start is above; all of it shows when the reply ends)' : '  … (its start is not shown here; all of it shows once it is sent)')] : []),
		indent(hasVisibleText(body) ? body : empty),
		...files,
	].join('\n');
}

type Body = {body: string; truncated: boolean};

function textBody(message: Message, columns: number, maxLines: number | undefined): Body {
	const render = (text: string) => wrapColumns(message.role === 'assistant' ? renderMarkdown(text, Math.max(20, columns - 2)) : sanitize(text), columns - 2);
	if (maxLines === undefined) {
		return {body: render(message.text), truncated: false};
	}

	// The tail is cut from the source text, and markdown can make it taller (a table's borders, its wrapped
	// cells): a shorter tail is taken until it fits, so its first lines are whole rows rather than the end of
	// one; cutting the rendered lines is the last resort.
	let budget = maxLines;
	for (let attempt = 0; ; attempt++) {
		const tail = streamingTail(message.text, budget, columns);
		const body = render(tail.text);
		const over = body.split('\n').length - maxLines;
		if (over <= 0 || budget === 1 || attempt === 3) {
			return lastLines(body, maxLines, tail.truncated);
		}

		budget = Math.max(1, budget - over);
	}
}

/** A reply with parts: rendered whole and wrapped, then, while it streams, only its last lines. */
function partsBody(message: Message, columns: number, maxLines: number | undefined, details: boolean): Body {
	const width = Math.max(20, columns - 2);
	const body = wrapColumns(renderParts(message.parts ?? [], {width, details, renderText: text => renderMarkdown(text, width)}), columns - 2);
	return maxLines === undefined ? {body, truncated: false} : lastLines(body, maxLines, false);
}

/** The last `maxLines` lines of a wrapped body. */
function lastLines(body: string, maxLines: number, truncated: boolean): Body {
	const lines = body.split('\n');
	return lines.length <= maxLines ? {body, truncated} : {body: lines.slice(-maxLines).join('\n'), truncated: true};
}

/** A divider the session adds (reconnected, new since you left), after a blank line. */
export function printNotice(text: string, columns: number): string {
	return `\n${printHeader(`── ${sanitize(text)} ──`, columns)}`;
}

/**
 * The line above a reattached transcript (and a divider's, above): one longer than the screen goes on under its
 * words, not at the edge.
 */
export function printHeader(text: string, columns: number): string {
	const [first = '', ...rest] = wrapStyled(text, Math.max(10, columns - 3)).split('\n');
	return chalk.dim([first, ...rest.map(line => `   ${line}`)].join('\n'));
}

function indent(text: string): string {
	return text.replaceAll(/^(?=.)/gm, '  ');
}
