import {describe, expect, it} from 'vitest';
import {appendUserMessage, applyChatEvent, markFailed, markSending, markSent, outbox, requeue, requeueUnacknowledged, settleLostReplies} from '../../source/session/transcript.js';
import {chatEvent, ids, reply, snapshot, userMessage} from '../builders.js';

const at = '2026-11-24T10:00:02.000Z';

describe('transcript', () => {
	it('queues a new message and moves it through sending to sent', () => {
		let messages = appendUserMessage([], {id: 'm1', text: 'hi', at, idempotencyKey: 'k1'});
		expect(outbox(messages).map(m => m.status)).toEqual(['queued']);
		messages = markSending(messages, 'k1');
		expect(messages[0]?.status).toBe('sending');
		messages = markSent(messages, 'k1');
		expect(outbox(messages)).toEqual([]);
	});

	it('puts a message whose ack was lost back in the outbox with the same key', () => {
		const messages = requeueUnacknowledged([userMessage('x', {status: 'sending', idempotencyKey: 'k'})]);
		expect(messages[0]).toMatchObject({status: 'queued', idempotencyKey: 'k'});
	});

	it('keeps the key of a refused message so a retry cannot create a second turn', () => {
		const failed = markFailed([userMessage('x', {status: 'sending', idempotencyKey: 'k'})], 'k', 'too long');
		expect(failed[0]).toMatchObject({status: 'failed', error: 'too long'});
		expect(requeue(failed, 'k')[0]).toMatchObject({status: 'queued', idempotencyKey: 'k'});
		expect(requeue(failed, 'k')[0]).not.toHaveProperty('error');
	});

	it('streams a reply right after the message it answers', () => {
		let messages = [userMessage('a', {idempotencyKey: 'ra'}), userMessage('b', {idempotencyKey: 'rb'})];
		messages = applyChatEvent(messages, chatEvent('ra', 'delta', {deltaText: 'Hel', message: snapshot('Hel')}), ids, at);
		messages = applyChatEvent(messages, chatEvent('ra', 'delta', {deltaText: 'lo', message: snapshot('Hello')}), ids, at);
		expect(messages.map(m => m.text)).toEqual(['a', 'Hello', 'b']);
		expect(messages[1]).toMatchObject({status: 'streaming', runId: 'ra'});
	});

	it('takes the cumulative text, so a repeated delta cannot double it', () => {
		const delta = chatEvent('r', 'delta', {deltaText: 'Hi', message: snapshot('Hi')});
		const messages = applyChatEvent(applyChatEvent([], delta, ids, at), delta, ids, at);
		expect(messages.map(m => m.text)).toEqual(['Hi']);
	});

	it('appends bare deltas and honours replace when no snapshot is sent', () => {
		let messages = applyChatEvent([], chatEvent('r', 'delta', {deltaText: 'one'}), ids, at);
		messages = applyChatEvent(messages, chatEvent('r', 'delta', {deltaText: ' two'}), ids, at);
		expect(messages[0]?.text).toBe('one two');
		messages = applyChatEvent(messages, chatEvent('r', 'delta', {deltaText: 'fresh', replace: true}), ids, at);
		expect(messages[0]?.text).toBe('fresh');
	});

	it('treats a second terminal event for a run as the same end', () => {
		let messages = applyChatEvent([], chatEvent('r', 'final', {message: snapshot('Done.')}), ids, at);
		messages = applyChatEvent(messages, chatEvent('r', 'final', {message: snapshot('Done.')}), ids, at);
		messages = applyChatEvent(messages, chatEvent('r', 'delta', {deltaText: 'late'}), ids, at);
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatchObject({text: 'Done.', status: 'final'});
	});

	it('keeps the user-facing explanation of a run that failed twice', () => {
		let messages = applyChatEvent([], chatEvent('r', 'error', {errorMessage: 'no route'}), ids, at);
		messages = applyChatEvent(messages, chatEvent('r', 'error', {errorMessage: 'Agent failed before reply: no route'}), ids, at);
		expect(messages[0]).toMatchObject({status: 'error', error: 'Agent failed before reply: no route'});
	});

	it('marks the user message sent as soon as its run starts', () => {
		const messages = applyChatEvent([userMessage('q', {status: 'sending', idempotencyKey: 'r'})], chatEvent('r', 'status', {phase: 'starting_model'}), ids, at);
		expect(messages).toHaveLength(1);
		expect(messages[0]?.status).toBe('sent');
	});
});

describe('replies the gateway lost', () => {
	const streaming = (runId: string, text: string) => reply(runId, text, {status: 'streaming'});

	it('are marked interrupted while nothing has answered the turn again', () => {
		const messages = [userMessage('q'), streaming('run-1', 'half')];
		expect(settleLostReplies(messages, new Set(), undefined).map(m => m.status)).toEqual(['sent', 'interrupted']);
	});

	it('go once the gateway answers again, from history or live', () => {
		const messages = [userMessage('q'), streaming('run-1', 'half'), reply('run-2', 'whole')];
		expect(settleLostReplies(messages, new Set(['run-2']), undefined).map(m => m.runId ?? m.text)).toEqual(['q', 'run-2']);
		const interrupted = settleLostReplies([userMessage('q'), streaming('run-1', 'half')], new Set(), undefined);
		const answered = applyChatEvent(interrupted, chatEvent('run-2', 'delta', {deltaText: 'again'}), ids, 'now');
		expect(answered.map(m => [m.runId, m.status])).toEqual([[undefined, 'sent'], ['run-2', 'streaming']]);
	});

	it('are left alone while the gateway still runs them or holds them', () => {
		const messages = [userMessage('q'), streaming('run-1', 'half')];
		expect(settleLostReplies(messages, new Set(), 'run-1')).toEqual(messages);
		expect(settleLostReplies(messages, new Set(['run-1']), undefined)).toEqual(messages);
	});

	it('never include a reply the gateway holds a row of: its run is over when it is not the one going on', () => {
		const held = reply('run-1', 'whole', {status: 'streaming', serverId: 'row-1'});
		const messages = [userMessage('q'), held, userMessage('r'), reply('run-2', 'next')];
		expect(settleLostReplies(messages, new Set(['run-2']), undefined, new Set([held.id])).map(m => [m.runId ?? m.text, m.status])).toEqual([
			['q', 'sent'],
			['run-1', 'final'],
			['r', 'sent'],
			['run-2', 'final'],
		]);
	});

	it('are only those that streamed before the connection opened: a run that starts during the read is not lost', () => {
		const before = streaming('run-1', 'half');
		const started = streaming('run-2', 'new');
		const messages = [userMessage('q'), before, userMessage('r'), started];
		expect(settleLostReplies(messages, new Set(), undefined, new Set([before.id])).map(m => [m.runId ?? m.text, m.status])).toEqual([
			['q', 'sent'],
			['r', 'sent'],
			['run-2', 'streaming'],
		]);
	});
});
