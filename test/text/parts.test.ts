import {describe, expect, it} from 'vitest';
import type {Message} from '../../source/model/message.js';
import {newSessionData} from '../../source/store/session-file.js';
import {exportMarkdown, printTranscript} from '../../source/text/transcript.js';
import {reply, userMessage} from '../builders.js';

const toolTurn: Message[] = [
	userMessage('What does NOTES.md say?'),
	reply('key-q', 'It starts with a title.', {
		parts: [
			{type: 'thinking', text: 'The user wants the file read.'},
			{type: 'toolCall', id: 'c1', name: 'read', arguments: {path: 'NOTES.md'}, status: 'done', result: '# Lab notes\nline two', durationMs: 42},
			{type: 'text', text: 'It starts with a title.'},
		],
		usage: {model: 'echo', inputTokens: 2581, outputTokens: 8},
	}),
];
const data = {...newSessionData('tools', new Date('2026-11-30T01:00:00.000Z')), messages: toolTurn};
const plain = {styled: false as const, width: 80};

describe('a reply with parts, printed', () => {
	it('shows a tool call as one card and thinking as one line, pipe-friendly', () => {
		const text = printTranscript(data, toolTurn, plain);
		expect(text).toContain('✻ thinking · 6 words');
		expect(text).toContain('✓ read NOTES.md · 42 ms');
		expect(text).toContain('It starts with a title.');
		expect(text).not.toContain('line two');
		expect(text).not.toMatch(/\u001B/);
	});

	it('shows arguments, output and thinking with details', () => {
		const text = printTranscript(data, toolTurn, {...plain, details: true});
		expect(text).toContain('args: {"path":"NOTES.md"}');
		expect(text).toContain('line two');
		expect(text).toContain('The user wants the file read.');
	});

	it('exports each part in Markdown: thinking folded, the tool call with its output fenced', () => {
		const markdown = exportMarkdown(data, new Date('2026-11-30T02:00:00.000Z'));
		expect(markdown).toContain('<details><summary>Thinking</summary>\n\nThe user wants the file read.');
		expect(markdown).toContain('**Tool** `read` `{"path":"NOTES.md"}` (done, 42 ms)\n```text\n# Lab notes\nline two\n```');
		expect(markdown.indexOf('**Tool**')).toBeLessThan(markdown.indexOf('It starts with a title.'));
	});

	it('fences tool output that holds backticks so it cannot end the block early', () => {
		const part = {type: 'toolCall' as const, id: 'c', name: 'read', status: 'done' as const, result: 'a ``` b'};
		const markdown = exportMarkdown({...data, messages: [reply('r', '', {parts: [part]})]}, new Date());
		expect(markdown).toContain('````text\na ``` b\n````');
	});
});
