/**
 * Frames recorded from a real OpenClaw gateway (2026.9.6, openclaw-lab; see test/fixtures/openclaw/record.js):
 * Tether must parse every one it reads, and replaying them must give the transcript the gateway's history holds.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {check, parseFrame, type EventFrame, type ResponseFrame} from '../../source/protocol/frames.js';
import {chatAbortResultSchema, chatEventSchema, chatHistoryDeltaSchema, chatHistoryResultSchema, chatSendResultSchema, connectChallengeSchema, helloOkSchema, sessionsListResultSchema, type ChatEvent} from '../../source/protocol/payloads.js';
import {mergeHistory} from '../../source/session/merge.js';
import type {Message} from '../../source/model/message.js';
import {appendUserMessage, applyChatEvent, markSent} from '../../source/session/transcript.js';
import {ids} from '../builders.js';

type Recorded = {sessionKey: string; frames: unknown[]};
const recorded = JSON.parse(readFileSync('test/fixtures/openclaw/frames.json', 'utf8')) as Recorded;
const frames = recorded.frames.map(frame => {
	const parsed = parseFrame(JSON.stringify(frame));
	if (!parsed.ok) {
		throw new Error(`a recorded frame does not parse: ${parsed.reason}`);
	}

	return parsed.value;
});
const requests = new Map(frames.flatMap(frame => (frame.type === 'req' ? [[frame.id, frame] as const] : [])));
const answersTo = (method: string) => frames.filter((frame): frame is ResponseFrame => frame.type === 'res' && requests.get(frame.id)?.method === method);
const events = (name: string) => frames.filter((frame): frame is EventFrame => frame.type === 'event' && frame.event === name);
const valid = <T>(schema: Parameters<typeof check<T>>[0], value: unknown) => {
	const result = check(schema, value, 'recorded frame');
	expect(result, result.ok ? '' : result.reason).toMatchObject({ok: true});
	return (result as {value: T}).value;
};

describe('frames from a real OpenClaw gateway', () => {
	it('all parse with the schemas Tether reads them by', () => {
		valid(connectChallengeSchema, events('connect.challenge')[0]!.payload);
		expect(valid(helloOkSchema, answersTo('connect')[0]!.payload)).toMatchObject({protocol: 4, auth: {role: 'operator', deviceToken: '<redacted>'}});
		expect(answersTo('chat.send').map(answer => valid(chatSendResultSchema, answer.payload).status)).toEqual(['started', 'ok', 'started', 'started', 'started', 'started']);
		for (const event of events('chat')) {
			valid(chatEventSchema, event.payload);
		}

		const histories = answersTo('chat.history').map(answer => requests.get(answer.id)!.params as {cursor?: string});
		expect(histories.filter(params => params.cursor)).toHaveLength(1);
		for (const answer of answersTo('chat.history')) {
			const withCursor = (requests.get(answer.id)!.params as {cursor?: string}).cursor !== undefined;
			if (withCursor) {
				valid(chatHistoryDeltaSchema, answer.payload);
			} else {
				valid(chatHistoryResultSchema, answer.payload);
			}
		}

		valid(chatAbortResultSchema, answersTo('chat.abort')[0]!.payload);
		expect(valid(sessionsListResultSchema, answersTo('sessions.list')[0]!.payload).sessions.map(row => row.key)).toContain(recorded.sessionKey);
	});

	it('replayed live, then merged with the final history, give one transcript with nothing doubled', () => {
		// The user messages as Tether keeps them (its idempotency keys are the gateway's run ids), then every chat event.
		const sends = frames.filter(frame => frame.type === 'req' && frame.method === 'chat.send').map(frame => frame.type === 'req' && (frame.params as {message: string; idempotencyKey: string}));
		let messages: Message[] = [];
		const seen = new Set<string>();
		for (const send of sends) {
			if (send && !seen.has(send.idempotencyKey)) {
				seen.add(send.idempotencyKey);
				messages = markSent(appendUserMessage(messages, {id: ids(), text: send.message, at: '2026-11-25T05:48:00.000Z', idempotencyKey: send.idempotencyKey}), send.idempotencyKey);
			}
		}

		for (const event of events('chat')) {
			messages = applyChatEvent(messages, event.payload as ChatEvent, ids, '2026-11-25T05:48:01.000Z');
		}

		const live = messages.map(m => [m.role, m.status, m.text.split('\n')[0]!.replace(/\[.*?UTC\] /, '')]);
		expect(live).toEqual([
			['user', 'sent', 'Hello **world**, reply please'],
			['assistant', 'final', 'echo: Hello **world**, reply please'],
			['user', 'sent', 'A second turn'],
			['assistant', 'final', expect.stringContaining('echo: A second turn') as string],
			// Folded into the running turn: its own run ends at once, empty, and shows no reply of its own.
			['user', 'sent', 'Sent while it streams'],
			['user', 'sent', 'Stop me'],
			['assistant', 'aborted', 'echo: [Wed'],
			['user', 'sent', 'This run fails'],
			['assistant', 'error', ''],
		]);
		expect(messages.at(-1)!.error).toContain('LLM request failed');

		const history = valid(chatHistoryResultSchema, answersTo('chat.history').at(-1)!.payload);
		const merged = mergeHistory(messages, history.messages, ids).messages;
		expect(merged.filter(m => m.role === 'user')).toHaveLength(5);
		expect(merged.map(m => [m.role, m.runId ?? m.idempotencyKey])).toEqual(history.messages.map(row => [row.role, row.__openclaw?.runId ?? row.idempotencyKey?.replace(/:user$/, '')]));
		expect(mergeHistory(merged, history.messages, ids).messages).toEqual(merged);
	});
});
