/** A saved transcript as text: for `show` (plain or styled) and as Markdown for `export`. */
import type {Message, Part} from '../model/message.js';
import type {SessionData} from '../model/session-data.js';
import {emptyReply, hasVisibleText, roleLabel, statusLabel} from './format.js';
import {renderParts} from './parts.js';
import {sanitize} from './sanitize.js';

const stamp = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** `details`: tool arguments and output, and thinking, in full (otherwise a line each). */
export type PrintOptions = {
	width: number;
	details?: boolean;
	/** Messages in the session, when `data` holds only its last ones (default: `data.messages.length`). */
	total?: number;
} & (
	| {styled: false}
	/** Styled replies are rendered as markdown by `renderMarkdown` (markdown.ts), passed in so that plain output never loads it. */
	| {styled: true; renderMarkdown: (text: string, width: number) => string}
);

export function printTranscript(data: SessionData, messages: readonly Message[], options: PrintOptions): string {
	const lines = [`# ${sanitize(data.name)} · ${options.total ?? data.messages.length} messages · created ${stamp(data.createdAt)}`];
	const renderText = (text: string) => (options.styled ? options.renderMarkdown(text, options.width) : sanitize(text));
	for (const message of messages) {
		const status = statusLabel(message);
		lines.push('', `${roleLabel(message)} · ${stamp(message.at)}${status ? ` · ${status}` : ''}`);
		if (message.parts) {
			lines.push(renderParts(message.parts, {width: options.width, details: options.details ?? false, renderText, plain: !options.styled}));
		} else {
			lines.push(message.role === 'assistant' ? renderText(message.text) : sanitize(message.text));
		}

		if (message.role === 'assistant' && message.status === 'final' && !hasVisibleText(lines.at(-1)!)) {
			lines[lines.length - 1] = emptyReply;
		}
	}

	return `${lines.join('\n')}\n`;
}

/** Markdown with a header per turn (a message and its reply); the text is kept as the gateway sent it. */
export function exportMarkdown(data: SessionData, exportedAt: Date): string {
	const out = [`# ${data.name}`, '', `_${data.messages.length} messages · created ${stamp(data.createdAt)} · exported ${stamp(exportedAt.toISOString())}_`];
	let turn = 0;
	for (const message of data.messages) {
		if (message.role === 'user' || turn === 0) {
			turn += 1;
			out.push('', `## Turn ${turn} · ${stamp(message.at)}`);
		}

		const status = statusLabel(message);
		out.push('', `**${roleLabel(message) === 'you' ? 'You' : (roleLabel(message) === 'assistant' ? 'Assistant' : 'Notice')}** · ${stamp(message.at)}${status ? ` · _${status}_` : ''}`, '', ...(message.parts ? message.parts.map(partMarkdown) : [message.text]));
	}

	return `${out.join('\n')}\n`;
}

/** A part in Markdown: thinking folded in a `<details>`, a tool call with its arguments and output as code. */
function partMarkdown(part: Part): string {
	switch (part.type) {
		case 'text': {
			return `${part.text}\n`;
		}

		case 'thinking': {
			return `<details><summary>Thinking</summary>\n\n${part.text}\n\n</details>\n`;
		}

		case 'toolCall': {
			const how = [part.status === 'error' ? 'failed' : (part.status === 'running' ? 'did not finish' : 'done'), ...(part.durationMs === undefined ? [] : [`${part.durationMs} ms`])].join(', ');
			const args = part.arguments === undefined ? '' : ` \`${JSON.stringify(part.arguments)}\``;
			const output = part.result === undefined ? '' : `\n${fence(part.result)}`;
			return `**Tool** \`${part.name}\`${args} (${how})${output}\n`;
		}

		case 'error': {
			return `> **Error:** ${part.text}\n`;
		}
	}
}

/** A fenced block no backticks in `text` can close early. */
function fence(text: string): string {
	const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map(match => match[0].length));
	const ticks = '`'.repeat(longest + 1);
	return `${ticks}text\n${text}\n${ticks}`;
}
