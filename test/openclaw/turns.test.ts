/**
 * A real agent's whole turn against a real OpenClaw gateway (the lab, with test/openclaw/stub_model.py making
 * tool calls, thinking, HTTP failures and slow streams on request): what the session holds live, and that a
 * reattach shows each turn once, in order, nothing marked new.
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, inject, it} from 'vitest';
import {describeAttachment} from '../../source/session/attachment-file.js';
import {type RunProgress, describeProgress} from '../../source/session/run-progress.js';
import type {ChatSession} from '../../source/session/session.js';
import {readSession} from '../../source/store/session-store.js';
import {openSession} from '../contract/scenarios.js';
import {tempDir, waitFor} from '../helpers.js';
import {labGateway, notesLines} from './lab.js';

const lab = inject('lab');
const gateway = labGateway(lab);
const patience = 150_000;

async function connected(root: string, name: string): Promise<ChatSession> {
	const session = await openSession(gateway, root, name);
	// Listened for at once: waiting for 'open' first could miss it.
	await new Promise(resolve => session.once('synced', resolve));
	return session;
}

/** Everything the status line said about the run while it went on. */
function watchProgress(session: ChatSession): string[] {
	const said: string[] = [];
	session.on('change', () => {
		const progress: RunProgress | undefined = session.progress;
		const text = progress && describeProgress(progress, Date.now());
		if (text && said.at(-1) !== text) {
			said.push(text);
		}
	});
	return said;
}

const finalReply = (session: ChatSession) => session.messages.find(m => m.role === 'assistant' && m.status !== 'streaming');

/** Detaches and attaches again: the transcript must come back the same, nothing doubled or marked new. */
async function reattach(session: ChatSession, root: string): Promise<ChatSession> {
	const before = session.messages.map(m => [m.role, m.text, m.parts?.map(part => part.type)]);
	await session.close();
	const again = await connected(root, session.name);
	expect(again.messages.map(m => [m.role, m.text, m.parts?.map(part => part.type)])).toEqual(before);
	expect(again.fresh.size).toBe(0);
	expect(again.notices).toEqual([]);
	return again;
}

describe('a real agent\'s whole turn', {timeout: patience * 2}, () => {
	it('a tool call shows live as a card, is saved with its name, arguments, result and duration, and comes back once', async () => {
		const root = await tempDir();
		const session = await connected(root, 'turn-tool');
		const said = watchProgress(session);
		const running: string[] = [];
		session.on('change', () => {
			const call = session.streaming?.parts?.find(part => part.type === 'toolCall');
			if (call?.type === 'toolCall') {
				running.push(call.status);
			}
		});
		await session.send('[tool:read] What does NOTES.md say?');
		await waitFor(() => finalReply(session) !== undefined, 'the answer', patience);
		expect(running).toContain('running');
		expect(said.some(text => text.startsWith('running read NOTES.md'))).toBe(true);
		const reply = finalReply(session)!;
		expect(reply.parts?.map(part => part.type)).toEqual(['toolCall', 'text']);
		expect(reply.parts?.[0]).toMatchObject({name: 'read', arguments: {path: 'NOTES.md'}, status: 'done', result: expect.stringContaining(notesLines[0]) as string, durationMs: expect.any(Number) as number});
		expect(reply.text).toContain(notesLines[0]);
		const again = await reattach(session, root);
		await again.close();
		const saved = await readSession(path.join(root, 'sessions'), 'turn-tool');
		expect(saved.messages.filter(m => m.role === 'assistant')).toHaveLength(1);
		expect(saved.messages[1]?.parts?.[0]).toMatchObject({type: 'toolCall', name: 'read', arguments: {path: 'NOTES.md'}});
	});

	it('thinking is its own part, live and saved, never glued onto the answer', async () => {
		const root = await tempDir();
		const session = await connected(root, 'turn-think');
		await session.send('[think] Think first, then answer.');
		await waitFor(() => finalReply(session) !== undefined, 'the answer', patience);
		const reply = finalReply(session)!;
		expect(reply.parts?.map(part => part.type)).toEqual(['thinking', 'text']);
		expect(reply.text).not.toContain('[thinking]');
		await (await reattach(session, root)).close();
	});

	it('a model that answers 429 is retried where the user can see it, then answers', async () => {
		const root = await tempDir();
		const session = await connected(root, 'turn-429');
		const said = watchProgress(session);
		await session.send('[http:429] Rate-limited once, then an answer.');
		await waitFor(() => finalReply(session) !== undefined, 'the answer', patience);
		// From the moment it is sent, before the gateway says anything.
		expect(said[0]).toMatch(/^sending · 0 s/);
		expect(said.some(text => text.includes('model answered 429 · retrying'))).toBe(true);
		expect(session.progress).toBeUndefined();
		await (await reattach(session, root)).close();
	});

	it('a file attached to a message reaches the gateway, which answers the turn', async () => {
		const root = await tempDir();
		await writeFile(path.join(root, 'plan.txt'), 'step one: write the tests\n');
		const session = await connected(root, 'turn-attach');
		await session.send('What is in the attached plan?', [await describeAttachment('plan.txt', root, session.maxAttachmentBytes)]);
		await waitFor(() => finalReply(session) !== undefined, 'the answer', patience);
		expect(session.messages[0]).toMatchObject({status: 'sent', attachments: [{fileName: 'plan.txt', mimeType: 'text/plain'}]});
		await (await reattach(session, root)).close();
	});

	it('names the model and its context use, lists the gateway\'s models and switches to one', async () => {
		const root = await tempDir();
		const session = await connected(root, 'turn-model');
		await session.send('hello model');
		await waitFor(() => finalReply(session) !== undefined && session.model.totalTokens !== undefined, 'the answer and its usage', patience);
		expect(session.model).toMatchObject({model: 'echo', contextTokens: 32_768});
		expect((await session.models()).map(model => `${model.provider}/${model.id}`)).toContain('stub/echo');
		expect(await session.setModel('stub/echo')).toBe('echo');
		await session.close();
	});
});
