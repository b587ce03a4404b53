/** The TUI's /recall runs in a child process, which reports its progress while the TUI stays live (the command: test/ui/slash/recall.test.ts). */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {SessionStore} from '../../source/store/session-store.js';
import {embeddingsOf, recallInChild} from '../../source/search/recall-runner.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

async function session(dir: string, name: string, texts: string[]) {
	const store = await SessionStore.open(dir, name, 'attach-or-create');
	store.update(data => ({...data, messages: texts.map((text, i) => (i % 2 === 0 ? userMessage(text, {id: `${name}-${i}`}) : reply(`${name}-r${i}`, text, {id: `${name}-${i}`})))}));
	await store.close();
}

describe('recall in a child process', () => {
	it('runs the query in a child process, which reports its count and rate while it indexes', async () => {
		const dir = await tempDir();
		for (let i = 0; i < 3; i++) {
			await session(dir, `s${i}`, [`note ${i} about the keepalive`, 'noted']);
		}

		const lines: string[] = [];
		// The child is the built one (npm test builds first): the TUI runs dist/, never the sources.
		const {found, damaged} = await recallInChild(dir, {entry: path.resolve('dist/search/recall-child.js')})('keepalive 2', 5, line => lines.push(line));
		expect(damaged).toEqual([]);
		expect(found[0]).toMatchObject({session: 's2', messageId: 's2-0'});
		expect(lines.length).toBeGreaterThan(0);
		expect(lines[0]).toMatch(/^\d\/3 sessions, \d+ messages, [\d,]+ messages\/s$/);
	});

	it('says so when the child fails', async () => {
		await expect(recallInChild(await tempDir(), {entry: path.resolve('dist/search/no-such-child.js')})('x', 5, () => undefined)).rejects.toThrow(/^recall stopped \(exit code 1\) before it answered$/);
	});

	it('ranks by meaning only where the config names an embeddings endpoint whole', () => {
		expect(embeddingsOf({'recall.embeddings_url': 'http://127.0.0.1:1/v1', 'recall.embeddings_model': 'e5'})).toEqual({baseUrl: 'http://127.0.0.1:1/v1', model: 'e5'});
		expect(embeddingsOf({'recall.embeddings_url': 'http://127.0.0.1:1/v1'})).toBeUndefined();
		expect(embeddingsOf(undefined)).toBeUndefined();
	});
});
