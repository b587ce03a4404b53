import {describe, expect, it} from 'vitest';
import {mergeHistory} from '../../source/session/merge.js';
import {assistantRow, ids, reply, thinkingRow, toolCallRow, toolResultRow, userMessage, userRow} from '../builders.js';

const readCall = {id: 'call-1', name: 'read', arguments: {path: 'NOTES.md'}};
const toolRun = (runId = 'key-q') => [
	userRow('q'),
	toolCallRow(runId, readCall),
	toolResultRow(runId, 'call-1', 'line one\nline two'),
	assistantRow(runId, 'NOTES.md starts with: line one'),
];

describe('mergeHistory of a run with several rows', () => {
	it('folds a tool call, its result and the answer into one reply', () => {
		const {messages, added} = mergeHistory([userMessage('q')], toolRun(), ids);
		expect(messages).toHaveLength(2);
		expect(added).toHaveLength(1);
		expect(messages[1]).toMatchObject({
			role: 'assistant',
			runId: 'key-q',
			status: 'final',
			text: 'NOTES.md starts with: line one',
			parts: [
				{type: 'toolCall', id: 'call-1', name: 'read', arguments: {path: 'NOTES.md'}, status: 'done', result: 'line one\nline two'},
				{type: 'text', text: 'NOTES.md starts with: line one'},
			],
		});
	});

	it('changes nothing when a tool run is merged twice', () => {
		const once = mergeHistory([userMessage('q')], toolRun(), ids);
		const twice = mergeHistory(once.messages, toolRun(), ids);
		expect(twice.messages).toEqual(once.messages);
		expect(twice.added).toEqual([]);
	});

	it('completes the reply shown live without marking anything new or printing the answer twice', () => {
		const live = [userMessage('q'), reply('key-q', 'NOTES.md starts with: line one')];
		const {messages, added} = mergeHistory(live, toolRun(), ids);
		expect(added).toEqual([]);
		expect(messages.map(m => m.id)).toEqual(['local-q', 'local-reply-key-q']);
		expect(messages[1]?.parts?.map(part => part.type)).toEqual(['toolCall', 'text']);
	});

	it('keeps what only the live events said of a tool call: its duration, start and summary', () => {
		const call = {type: 'toolCall' as const, id: 'call-1', name: 'read', status: 'done' as const, startedAt: '2026-11-24T10:00:01.000Z', durationMs: 577, summary: 'from NOTES.md'};
		const live = [userMessage('q'), reply('key-q', 'NOTES.md starts with: line one', {parts: [call, {type: 'text', text: 'NOTES.md starts with: line one'}]})];
		const {messages} = mergeHistory(live, toolRun(), ids);
		expect(messages[1]?.parts?.[0]).toMatchObject({arguments: {path: 'NOTES.md'}, result: 'line one\nline two', durationMs: 577, startedAt: call.startedAt, summary: 'from NOTES.md'});
		expect(mergeHistory(messages, toolRun(), ids).messages).toEqual(messages);
	});

	it('repairs a transcript an older merge saved as fragments (placeholder, raw tool output, answer)', () => {
		const garbled = [
			userMessage('q'),
			reply('key-q', 'NOTES.md starts with: line one', {id: 'answer', serverId: 'srv-reply-key-q'}),
			{...reply('key-q', '[toolCall]', {id: 'placeholder', serverId: 'srv-call-call-1'}), runId: undefined},
			{id: 'raw', role: 'custom' as const, text: 'line one\nline two', at: '2026-11-24T10:00:02.000Z', status: 'error' as const, serverId: 'srv-result-call-1'},
		];
		const {messages, added} = mergeHistory(garbled, toolRun(), ids);
		expect(added).toEqual([]);
		expect(messages.map(m => m.text)).toEqual(['q', 'NOTES.md starts with: line one']);
		expect(messages[1]?.parts?.[0]).toMatchObject({type: 'toolCall', result: 'line one\nline two'});
	});

	it('keeps thinking as a part, never glued onto the answer', () => {
		const {messages} = mergeHistory([userMessage('q')], [userRow('q'), thinkingRow('key-q', 'The user wants a number.', '42')], ids);
		expect(messages[1]).toMatchObject({text: '42', parts: [{type: 'thinking', text: 'The user wants a number.'}, {type: 'text', text: '42'}]});
	});

	it('leaves a run the gateway is still running streaming, its tool call running', () => {
		const rows = [userRow('q'), toolCallRow('key-q', readCall)];
		const {messages} = mergeHistory([userMessage('q')], rows, ids, {inFlightRunId: 'key-q'});
		expect(messages[1]).toMatchObject({status: 'streaming', parts: [{type: 'toolCall', status: 'running'}]});
	});

	it('takes a tool result row without a run id as part of the run it follows', () => {
		const rows = [userRow('q'), toolCallRow('key-q', readCall), toolResultRow(undefined, 'call-1', 'out'), assistantRow('key-q', 'done')];
		const {messages} = mergeHistory([], rows, ids);
		expect(messages).toHaveLength(2);
		expect(messages[1]?.parts?.[0]).toMatchObject({status: 'done', result: 'out'});
	});

	it('shows the rest of a run after a message sent mid-run, its tool result still with its call', () => {
		const rows = [userRow('q'), toolCallRow('key-q', readCall), userRow('also'), toolResultRow('key-q', 'call-1', 'out'), assistantRow('key-q', 'answer', 'srv-answer')];
		const once = mergeHistory([], rows, ids);
		expect(once.messages.map(m => [m.role, m.text])).toEqual([['user', 'q'], ['assistant', ''], ['user', 'also'], ['assistant', 'answer']]);
		expect(once.messages[1]?.parts?.[0]).toMatchObject({type: 'toolCall', result: 'out'});
		expect(mergeHistory(once.messages, rows, ids)).toEqual({messages: once.messages, added: []});
	});

	it('marks a failed tool call as failed', () => {
		const rows = [userRow('q'), toolCallRow('key-q', readCall), toolResultRow('key-q', 'call-1', 'ENOENT', {isError: true}), assistantRow('key-q', 'no such file')];
		const {messages} = mergeHistory([], rows, ids);
		expect(messages[1]?.parts?.[0]).toMatchObject({status: 'error', result: 'ENOENT'});
	});
});
