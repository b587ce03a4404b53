/** What a session tracks around a run: its progress from the moment it is sent, and what the history read after it brings. */
import {describe, expect, it} from 'vitest';
import type {Link} from '../../source/connection/link.js';
import {ChatSession} from '../../source/session/session.js';
import {SessionStore} from '../../source/store/session-store.js';
import {FakeLink, key} from '../fake-link.js';
import {onCleanup, tempDir, waitFor} from '../helpers.js';

async function sessionOver(link: FakeLink, now: () => Date = () => new Date()): Promise<ChatSession> {
	const store = await SessionStore.open(await tempDir(), 'main', 'create');
	const session = new ChatSession(store, link as unknown as Link, {now});
	onCleanup(async () => session.close());
	session.start();
	await new Promise(resolve => session.once('synced', resolve));
	return session;
}

describe('a run, as the session sees it', () => {
	it('counts from the moment the message goes out, before the gateway says anything', async () => {
		let clock = Date.parse('2026-11-30T10:00:00.000Z');
		const link = new FakeLink({'chat.send': (params: {idempotencyKey: string}) => ({runId: params.idempotencyKey, status: 'started'})});
		const session = await sessionOver(link, () => new Date(clock));
		await session.send('hello');
		await waitFor(() => session.messages[0]?.status === 'sent', 'acknowledged');
		expect(session.progress).toMatchObject({activity: 'waiting for the gateway', startedAt: clock});
		clock += 30_000;
		const runId = session.messages[0]!.idempotencyKey!;
		link.event('chat', {runId, sessionKey: key, state: 'status', phase: 'starting_model'});
		expect(session.progress).toMatchObject({activity: 'waiting for the model', startedAt: clock - 30_000});
		link.event('chat', {runId, sessionKey: key, state: 'final', message: {role: 'assistant', content: [{type: 'text', text: 'hi'}]}});
		expect(session.progress).toBeUndefined();
	});

	it('reads the run\'s rows when it ends: usage, and the tool calls of a run another client started', async () => {
		const rows = [
			{role: 'user', content: 'theirs', idempotencyKey: 'r1:user', __openclaw: {id: 'u1', idempotencyKey: 'r1:user'}},
			{role: 'assistant', content: [{type: 'toolCall', id: 'c1', name: 'read', arguments: {path: 'NOTES.md'}}], __openclaw: {id: 'a1', runId: 'r1'}},
			{role: 'toolResult', toolCallId: 'c1', toolName: 'read', content: [{type: 'text', text: '# notes'}], __openclaw: {id: 't1', runId: 'r1'}},
			{role: 'assistant', content: [{type: 'text', text: 'done'}], model: 'echo', usage: {input: 2500, output: 10, totalTokens: 2510}, __openclaw: {id: 'a2', runId: 'r1'}},
		];
		let reads = 0;
		const link = new FakeLink({'chat.history': () => (++reads === 1 ? {sessionKey: key, messages: [], deltaCursor: 'c0'} : {kind: 'delta', messages: rows.map(message => ({message})), deltaCursor: 'c1'})});
		const session = await sessionOver(link);
		link.event('agent', {runId: 'r1', sessionKey: key, stream: 'item', data: {kind: 'tool', toolCallId: 'c1', name: 'read', phase: 'start', meta: 'from NOTES.md', startedAt: 1000}});
		link.event('agent', {runId: 'r1', sessionKey: key, stream: 'item', data: {kind: 'tool', toolCallId: 'c1', name: 'read', phase: 'end', status: 'completed', startedAt: 1000, endedAt: 1043}});
		link.event('chat', {runId: 'r1', sessionKey: key, state: 'final', message: {role: 'assistant', content: [{type: 'text', text: 'done'}]}});
		await waitFor(() => session.messages.length === 2 && session.messages[1]?.usage !== undefined, 'the run read back');
		expect(session.messages.map(m => [m.role, m.text])).toEqual([['user', 'theirs'], ['assistant', 'done']]);
		expect(session.messages[1]!.parts?.[0]).toMatchObject({arguments: {path: 'NOTES.md'}, result: '# notes', durationMs: 43, summary: 'from NOTES.md'});
		expect(session.model).toMatchObject({model: 'echo', totalTokens: 2510});
	});

	it('adds the "new since you left" divider in the same change as the messages it tells of, above them', async () => {
		const rows = [
			{role: 'user', content: 'while away', idempotencyKey: 'r1:user', __openclaw: {id: 'u1', idempotencyKey: 'r1:user'}},
			{role: 'assistant', content: [{type: 'text', text: 'answered'}], __openclaw: {id: 'a1', runId: 'r1'}},
		];
		const link = new FakeLink({'chat.history': {sessionKey: key, messages: rows}});
		const store = await SessionStore.open(await tempDir(), 'main', 'create');
		const session = new ChatSession(store, link as unknown as Link);
		onCleanup(async () => session.close());
		const seen: Array<[number, number]> = [];
		session.on('change', () => seen.push([session.messages.length, session.notices.length]));
		session.start();
		await new Promise(resolve => session.once('synced', resolve));
		expect(seen.find(([messages]) => messages === 2)).toEqual([2, 1]);
		expect(session.notices[0]).toMatchObject({text: '2 new since you left', afterMessageId: undefined});
	});
});
