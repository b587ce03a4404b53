/** A saved transcript as text: for `show` (plain or styled) and as Markdown for `export`. */
import type {Message} from '../session/message.js';
import type {SessionData} from '../store/session-file.js';
import {roleLabel, statusLabel} from './format.js';
import {renderMarkdown} from './markdown.js';
import {sanitize} from './sanitize.js';

const stamp = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

export type PrintOptions = {styled: boolean; width: number};

export function printTranscript(data: SessionData, messages: readonly Message[], options: PrintOptions): string {
	const lines = [`# ${sanitize(data.name)} · ${data.messages.length} messages · created ${stamp(data.createdAt)}`];
	for (const message of messages) {
		const status = statusLabel(message);
		lines.push('', `${roleLabel(message)} · ${stamp(message.at)}${status ? ` · ${status}` : ''}`);
		lines.push(options.styled && message.role === 'assistant' ? renderMarkdown(message.text, options.width) : sanitize(message.text));
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
		out.push('', `**${roleLabel(message) === 'you' ? 'You' : roleLabel(message) === 'assistant' ? 'Assistant' : 'Notice'}** · ${stamp(message.at)}${status ? ` · _${status}_` : ''}`, '', message.text);
	}

	return `${out.join('\n')}\n`;
}
