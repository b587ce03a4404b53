import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';
import {attachmentParam, describeAttachment} from '../../source/session/attachment-file.js';
import {ChatSession} from '../../source/session/session.js';
import {SessionStore} from '../../source/store/session-store.js';
import {pathAndRest} from '../../source/ui/slash/arguments.js';
import {onCleanup, tempDir, testGateway, testToken, waitFor} from '../helpers.js';

describe('attachments', () => {
	it('describes a file when it is attached, and refuses what cannot be sent', async () => {
		const dir = await tempDir();
		await writeFile(path.join(dir, 'notes.md'), '# notes\n');
		await expect(describeAttachment('notes.md', dir)).resolves.toMatchObject({fileName: 'notes.md', mimeType: 'text/markdown', sizeBytes: 8});
		await expect(describeAttachment('missing.png', dir)).rejects.toThrow('cannot attach missing.png: no such file');
		await expect(describeAttachment('.', dir)).rejects.toThrow('cannot attach .: not a file');
		await expect(describeAttachment('notes.md', dir, 4)).rejects.toThrow('cannot attach notes.md: 8 B is over the gateway');
	});

	it('sends the file as it was when attached, and refuses one that changed since', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'a.txt');
		await writeFile(file, 'first');
		const attachment = await describeAttachment(file, dir);
		await expect(attachmentParam(attachment)).resolves.toMatchObject({type: 'file', fileName: 'a.txt', content: Buffer.from('first').toString('base64')});
		await writeFile(file, 'second');
		await expect(attachmentParam(attachment)).rejects.toThrow('a.txt changed since it was attached; /attach it again');
	});

	it('takes a quoted path with spaces, and the message after it', () => {
		expect(pathAndRest('"my notes.md" what is in it?')).toEqual({path: 'my notes.md', rest: 'what is in it?'});
		expect(pathAndRest('notes.md')).toEqual({path: 'notes.md', rest: ''});
		expect(pathAndRest('')).toBeUndefined();
	});

	it('goes out with chat.send, and a message whose file changed is marked not sent, saying why', async () => {
		const [sessionsDir, dataDir, files] = [await tempDir(), await tempDir(), await tempDir()];
		const gateway = await testGateway({dataDir});
		const store = await SessionStore.open(sessionsDir, 'main', 'create');
		const session = new ChatSession(store, new Link({endpoint: async () => ({url: gateway.url, token: testToken}), policy: defaultLinkPolicy}));
		onCleanup(async () => session.close());
		const sent = vi.spyOn(session.link, 'request');
		await writeFile(path.join(files, 'plan.txt'), 'the plan');
		await session.send('see the plan', [await describeAttachment('plan.txt', files)]);
		await writeFile(path.join(files, 'draft.txt'), 'a draft');
		const changed = await describeAttachment('draft.txt', files);
		await writeFile(path.join(files, 'draft.txt'), 'another draft');
		await session.send('and again', [changed]);
		session.start();
		await waitFor(() => session.messages.filter(m => m.role === 'user').every(m => m.status === 'sent' || m.status === 'failed'), 'both settled');
		const chatSends = sent.mock.calls.filter(([method]) => method === 'chat.send').map(([, params]) => params as {message: string; attachments?: unknown[]});
		expect(chatSends).toEqual([{sessionKey: 'agent:main:main', message: 'see the plan', idempotencyKey: expect.any(String) as string, attachments: [{type: 'file', mimeType: 'text/plain', fileName: 'plan.txt', content: Buffer.from('the plan').toString('base64'), origin: 'file', sizeBytes: 8}]}]);
		expect(session.messages.find(m => m.text === 'and again')).toMatchObject({status: 'failed', error: 'draft.txt changed since it was attached; /attach it again'});
	});
});
