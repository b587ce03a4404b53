import {describe, expect, it} from 'vitest';
import {mergeHistory} from '../../source/session/merge.js';
import {assistantRow, ids, reply, userMessage, userRow} from '../builders.js';

const texts = (messages: ReadonlyArray<{text: string}>) => messages.map(m => m.text);

describe('mergeHistory', () => {
	it('adds replies that finished while the client was away, in the gateway order', () => {
		const local = [userMessage('hi')];
		const {messages, added} = mergeHistory(local, [userRow('hi'), assistantRow('key-hi', 'hello!')], ids);
		expect(texts(messages)).toEqual(['hi', 'hello!']);
		expect(added).toHaveLength(1);
		expect(messages[1]).toMatchObject({role: 'assistant', runId: 'key-hi', status: 'final', serverId: 'srv-reply-key-hi'});
	});

	it('changes nothing when the same history is merged twice', () => {
		const rows = [userRow('a'), assistantRow('key-a', 'A'), userRow('b'), assistantRow('key-b', 'B')];
		const once = mergeHistory([userMessage('a')], rows, ids);
		const twice = mergeHistory(once.messages, rows, ids);
		expect(twice.messages).toEqual(once.messages);
		expect(twice.added).toEqual([]);
	});

	it('completes a reply that was streaming when the link dropped, without showing it twice', () => {
		const local = [userMessage('q'), reply('key-q', 'The answ', {status: 'streaming'})];
		const {messages} = mergeHistory(local, [userRow('q'), assistantRow('key-q', 'The answer is 42.')], ids);
		expect(texts(messages)).toEqual(['q', 'The answer is 42.']);
		expect(messages[1]).toMatchObject({id: 'local-reply-key-q', status: 'final'});
	});

	it('marks a queued message sent when the gateway already has it, instead of keeping it in the outbox', () => {
		const {messages} = mergeHistory([userMessage('later', {status: 'sending'})], [userRow('later')], ids);
		expect(messages[0]).toMatchObject({status: 'sent', serverId: 'srv-later'});
	});

	it('keeps unsent messages last, after replies that arrived meanwhile', () => {
		const local = [userMessage('a'), userMessage('offline', {status: 'queued'})];
		const {messages} = mergeHistory(local, [userRow('a'), assistantRow('key-a', 'A')], ids);
		expect(texts(messages)).toEqual(['a', 'A', 'offline']);
	});

	it('keeps local messages older than the history page before it', () => {
		const local = [userMessage('old'), reply('key-old', 'OLD'), userMessage('new')];
		const {messages} = mergeHistory(local, [userRow('new'), assistantRow('key-new', 'NEW')], ids);
		expect(texts(messages)).toEqual(['old', 'OLD', 'new', 'NEW']);
	});

	it('follows the gateway order when the client saw a reply arrive after the next question', () => {
		const local = [userMessage('a'), userMessage('b'), reply('key-a', 'A')];
		const rows = [userRow('a'), assistantRow('key-a', 'A'), userRow('b')];
		expect(texts(mergeHistory(local, rows, ids).messages)).toEqual(['a', 'A', 'b']);
	});

	it('shows a failed run once: its custom row fills the local error reply', () => {
		const local = [userMessage('x'), reply('key-x', '', {status: 'error', error: 'model down'})];
		const failed = {role: 'custom', customType: 'run-failed-before-reply', content: 'This turn ended before a reply', __openclaw: {id: 'c1', runId: 'key-x'}};
		const {messages} = mergeHistory(local, [userRow('x'), failed], ids);
		expect(messages).toHaveLength(2);
		expect(messages[1]).toMatchObject({text: 'This turn ended before a reply', status: 'error'});
	});

	it('turns content parts into text, with a placeholder for what it cannot show', () => {
		const row = {role: 'assistant', content: [{type: 'text', text: 'see '}, {type: 'image'}], __openclaw: {id: 'i1', runId: 'r'}};
		expect(mergeHistory([], [row], ids).messages[0]?.text).toBe('see [image]');
	});
});
