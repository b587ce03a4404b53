/**
 * Turns of every kind recorded from a real OpenClaw gateway (test/fixtures/openclaw/turns.json, made by
 * record-turns.js against the lab with test/openclaw/stub_model.py; FINDINGS.md beside it): replayed as the
 * client sees them live, then merged with the gateway's history after each turn, as after a reconnect.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {check, parseFrame, type Frame} from '../../source/protocol/frames.js';
import {agentEventSchema, chatEventSchema, chatHistoryResultSchema, sessionMessageEventSchema} from '../../source/protocol/payloads.js';
import {mergeHistory} from '../../source/session/merge.js';
import type {Message} from '../../source/model/message.js';
import {describeProgress, progressAfterAgent, progressAfterChat, type RunProgress} from '../../source/session/run-progress.js';
import {appendUserMessage, applyAgentEvent, applyChatEvent, applyForeignUserRow, markSent} from '../../source/session/transcript.js';
import {ids} from '../builders.js';

type Recorded = {sessionKeys: Record<string, string>; connections: {a: {frames: Array<Frame | {type: 'mark'; name: string}>}}};
const recorded = JSON.parse(readFileSync('test/fixtures/openclaw/turns.json', 'utf8')) as Recorded;

function valid<T>(schema: Parameters<typeof check<T>>[0], value: unknown): T {
	const result = check(schema, value, 'recorded frame');
	if (!result.ok) {
		throw new Error(result.reason);
	}

	return result.value;
}

type Replay = {
	/** Each session's transcript as the client holds it at the end. */
	transcripts: Map<string, Message[]>;
	/** What each history merge added, by the turn it came after. */
	added: Map<string, string[]>;
	/** Whether merging each history a second time changed nothing. */
	idempotent: boolean;
	/** What the status line said during each turn. */
	progress: Map<string, string[]>;
};

/** Connection a of the recording, as Tether's session would apply it (see session.ts #onEvent). */
function replay(): Replay {
	const transcripts = new Map<string, Message[]>();
	const result: Replay = {transcripts, added: new Map(), idempotent: true, progress: new Map()};
	const requests = new Map<string, {method: string; params: Record<string, unknown>}>();
	let turn = '';
	let progress: RunProgress | undefined;
	let clock = 0;
	const at = () => new Date(Date.UTC(2026, 10, 30, 1, 0, 0) + clock);
	for (const raw of recorded.connections.a.frames) {
		clock += 100;
		if (raw.type === 'mark') {
			turn = raw.name;
			continue;
		}

		const parsed = parseFrame(JSON.stringify(raw));
		expect(parsed.ok, parsed.ok ? '' : parsed.reason).toBe(true);
		const frame = (parsed as {value: Frame}).value;
		if (frame.type === 'req') {
			const params = frame.params as Record<string, unknown>;
			requests.set(frame.id, {method: frame.method, params});
			if (frame.method === 'chat.send') {
				const key = params['sessionKey'] as string;
				const messages = appendUserMessage(transcripts.get(key) ?? [], {id: ids(), text: params['message'] as string, at: at().toISOString(), idempotencyKey: params['idempotencyKey'] as string});
				transcripts.set(key, markSent(messages, params['idempotencyKey'] as string));
			}

			continue;
		}

		if (frame.type === 'res') {
			const request = requests.get(frame.id);
			if (request?.method === 'chat.history' && request.params['cursor'] === undefined && frame.ok) {
				const history = valid(chatHistoryResultSchema, frame.payload);
				const local = transcripts.get(history.sessionKey) ?? [];
				const options = {inFlightRunId: history.inFlightRun?.runId};
				const merged = mergeHistory(local, history.messages, ids, options);
				result.added.set(turn, [...(result.added.get(turn) ?? []), ...merged.messages.filter(m => merged.added.includes(m.id)).map(m => m.text)]);
				result.idempotent &&= JSON.stringify(mergeHistory(merged.messages, history.messages, ids, options).messages) === JSON.stringify(merged.messages);
				transcripts.set(history.sessionKey, merged.messages);
			}

			continue;
		}

		const record = (text: string) => result.progress.set(turn, [...(result.progress.get(turn) ?? []), text]);
		if (frame.event === 'chat') {
			const event = valid(chatEventSchema, frame.payload);
			progress = progressAfterChat(progress, event, at().getTime());
			transcripts.set(event.sessionKey, applyChatEvent(transcripts.get(event.sessionKey) ?? [], event, ids, at().toISOString()));
		} else if (frame.event === 'agent') {
			const event = valid(agentEventSchema, frame.payload);
			progress = progressAfterAgent(progress, event, at().getTime());
			const key = event.sessionKey!;
			transcripts.set(key, applyAgentEvent(transcripts.get(key) ?? [], event, ids, at()));
		} else if (frame.event === 'session.message') {
			const event = valid(sessionMessageEventSchema, frame.payload);
			transcripts.set(event.sessionKey, applyForeignUserRow(transcripts.get(event.sessionKey) ?? [], event.message, ids));
		}

		if (progress) {
			record(describeProgress(progress, at().getTime()));
		}
	}

	return result;
}

const replayed = replay();
const session = (turn: string) => replayed.transcripts.get(recorded.sessionKeys[turn]!)!;
const shape = (messages: readonly Message[]) => messages.map(m => [m.role, m.status, ...(m.parts ?? [{type: 'text'}]).map(part => part.type)].join(' '));

describe('turns recorded from a real OpenClaw gateway', () => {
	it('merge nothing anew that was shown live, and merge twice to the same transcript', () => {
		expect(replayed.idempotent).toBe(true);
		for (const [turn, added] of replayed.added) {
			// Without sessions.messages.subscribe, another client's question reaches this one only through history.
			expect(added, turn).toEqual(turn === 'second-client' ? ['A message from another client.'] : []);
		}
	});

	it('show a tool call as a card with its arguments, result and duration, then the answer, in one reply', () => {
		expect(shape(session('tool'))).toEqual(['user sent text', 'assistant final toolCall text']);
		const reply = session('tool')[1]!;
		expect(reply.parts![0]).toMatchObject({type: 'toolCall', name: 'read', arguments: {path: 'NOTES.md'}, status: 'done', result: expect.stringContaining('# Lab notes for Tether') as string});
		expect(reply.text).toBe('The first line of NOTES.md is: # Lab notes for Tether');
		expect(replayed.progress.get('tool')).toContain('running read NOTES.md · 1 s');
	});

	it('keep thinking as its own part, never glued onto the answer', () => {
		const reply = session('think')[1]!;
		expect(shape([reply])).toEqual(['assistant final thinking text']);
		expect(reply.parts![0]).toMatchObject({type: 'thinking', text: expect.stringContaining('The user wants me to think first.') as string});
		expect(reply.text).not.toMatch(/thinking|The user wants me/);
	});

	it('say what the run is doing from its first moment, and make model retries visible', () => {
		expect(replayed.progress.get('tool')?.[0]).toMatch(/^preparing the workspace · 0 s$/);
		expect(replayed.progress.get('http-500')).toContainEqual(expect.stringContaining('model answered 500 · retrying (attempt 2/9)'));
		expect(replayed.progress.get('http-429')).toContainEqual(expect.stringContaining('model answered 429 · retrying'));
		expect(shape(session('http-500'))).toEqual(['user sent text', 'assistant final text']);
	});

	it('show a run the model failed for good as one failed reply with the gateway explanation', () => {
		const reply = session('fails')[1]!;
		expect(reply).toMatchObject({role: 'assistant', status: 'error', error: expect.stringContaining('HTTP 500') as string});
		expect(session('fails')).toHaveLength(2);
	});

	it('keep a reply still streaming when history is read mid-run, and finish it once', () => {
		expect(shape(session('slow'))).toEqual(['user sent text', 'assistant final text']);
	});

	it('show another client message live, before its reply, once, when subscribed', () => {
		const texts = session('own-message').map(m => `${m.role}: ${m.text.replace(/^echo: \[.*?UTC\] /, '').slice(0, 40)}`);
		expect(texts.slice(-2)).toEqual(['user: Another message from the other client, n', 'assistant: Another message from the other client, n']);
		expect(texts.filter(text => text.startsWith('user: Another message'))).toHaveLength(1);
	});

	it('answer gateway commands in one reply each, never doubled by the merge', () => {
		const texts = session('command-status').map(m => `${m.role}: ${m.text.split('\n')[0]!.slice(0, 30)}`);
		expect(texts).toEqual([
			'user: /status',
			expect.stringMatching(/^assistant: .*OpenClaw 2026/) as string,
			'user: /think high',
			'assistant: Thinking level set to high.',
			'user: /verbose on',
			expect.stringMatching(/^assistant: .*Verbose/) as string,
			'user: /etc/hosts looks wrong',
			expect.stringMatching(/^assistant: echo: /) as string,
		]);
	});
});
