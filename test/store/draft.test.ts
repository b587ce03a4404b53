import {readFile, readdir} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readDraft, writeDraft} from '../../source/store/draft.js';
import {renameSession, restoreSession, trashSession} from '../../source/store/manage.js';
import {SessionStore} from '../../source/store/session-store.js';
import {userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

async function session(dir: string, name: string) {
	const store = await SessionStore.open(dir, name, 'create');
	store.update(data => ({...data, messages: [userMessage('hello')]}));
	await store.close();
	return path.join(dir, `${name}.json`);
}

describe('the unsent draft of a session', () => {
	it('survives a detach beside the session file, which it never touches', async () => {
		const dir = await tempDir();
		const file = await session(dir, 'main');
		const before = await readFile(file, 'utf8');
		expect(await readDraft(file)).toBe('');
		await writeDraft(file, 'half a thought\nwith two lines');
		expect(await readDraft(file)).toBe('half a thought\nwith two lines');
		expect(await readFile(file, 'utf8')).toBe(before);
		expect((await readdir(dir)).filter(name => name.endsWith('.tmp'))).toEqual([]);
		await writeDraft(file, '');
		expect(await readDraft(file)).toBe('');
		expect(await readdir(dir)).not.toContain('main.json.draft');
	});

	it('goes with its session when it is renamed, trashed and restored', async () => {
		const dir = await tempDir();
		await writeDraft(await session(dir, 'main'), 'unsent');
		await renameSession(dir, 'main', 'work');
		expect(await readDraft(path.join(dir, 'work.json'))).toBe('unsent');
		await trashSession(dir, 'work');
		expect(await readdir(dir)).not.toContain('work.json.draft');
		await restoreSession(dir, 'work');
		expect(await readDraft(path.join(dir, 'work.json'))).toBe('unsent');
	});
});
