import {describe, expect, it, vi} from 'vitest';
import {SearchIndex} from '../../source/store/search-index.js';
import * as sessionStore from '../../source/store/session-store.js';
import {SessionStore} from '../../source/store/session-store.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

async function session(dir: string, name: string, texts: string[]) {
	const store = await SessionStore.open(dir, name, 'attach-or-create');
	store.update(data => ({...data, messages: texts.map((text, i) => (i % 2 === 0 ? userMessage(text, {id: `${name}-${i}`}) : reply(`${name}-r${i}`, text, {id: `${name}-${i}`})))}));
	await store.close();
}

describe('recall search index', () => {
	it('ranks the message that matches best first, across sessions', async () => {
		const dir = await tempDir();
		await session(dir, 'infra', ['the kubernetes cluster is down', 'restart the kubernetes kubernetes nodes']);
		await session(dir, 'cooking', ['a recipe for bread', 'kubernetes is not an ingredient']);
		const hits = (await SearchIndex.open(dir)).search('kubernetes');
		expect(hits[0]).toMatchObject({session: 'infra', messageId: 'infra-1'});
		expect(hits.map(hit => hit.session)).toContain('cooking');
	});

	it('matches prefixes and typos in longer words, and one session when asked', async () => {
		const dir = await tempDir();
		await session(dir, 'infra', ['deployment finished', 'all green']);
		await session(dir, 'other', ['deployment failed']);
		const index = await SearchIndex.open(dir);
		expect(index.search('deploy').length).toBe(2);
		expect(index.search('deploymnet').length).toBe(2);
		expect(index.search('deploy', 'other').map(hit => hit.session)).toEqual(['other']);
	});

	it('re-reads only the sessions that changed since the last query', async () => {
		const dir = await tempDir();
		await session(dir, 'a', ['alpha text']);
		await session(dir, 'b', ['beta text']);
		await SearchIndex.open(dir);
		await session(dir, 'b', ['beta text', 'gamma reply']);
		const reads = vi.spyOn(sessionStore, 'readSession');
		const index = await SearchIndex.open(dir);
		expect(reads.mock.calls.map(call => call[1])).toEqual(['b']);
		expect(index.search('gamma').map(hit => hit.session)).toEqual(['b']);
		reads.mockRestore();
	});

	it('forgets deleted sessions', async () => {
		const dir = await tempDir();
		await session(dir, 'gone', ['ephemeral words']);
		await SearchIndex.open(dir);
		const {trashSession} = await import('../../source/store/manage.js');
		await trashSession(dir, 'gone');
		expect((await SearchIndex.open(dir)).search('ephemeral')).toEqual([]);
	});
});
