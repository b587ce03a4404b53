/** The TUI's /recall: the query runs in a child process, its progress shows while the TUI stays live. */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Found} from '../../source/search/search-index.js';
import {SessionStore} from '../../source/store/session-store.js';
import {recallInChild, type RecallRun} from '../../source/ui/recall-runner.js';
import {slashCommands, type SlashContext} from '../../source/ui/slash/index.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

async function session(dir: string, name: string, texts: string[]) {
	const store = await SessionStore.open(dir, name, 'attach-or-create');
	store.update(data => ({...data, messages: texts.map((text, i) => (i % 2 === 0 ? userMessage(text, {id: `${name}-${i}`}) : reply(`${name}-r${i}`, text, {id: `${name}-${i}`})))}));
	await store.close();
}

const recallCommand = slashCommands.find(command => command.name === 'recall')!;

function context(recall: RecallRun): {context: SlashContext; flashes: string[]} {
	const flashes: string[] = [];
	return {flashes, context: {flash: (text: string) => flashes.push(text), recall} as unknown as SlashContext};
}

describe('/recall', () => {
	it('says it is searching, shows how far indexing has come, then the hits', async () => {
		const hit = {session: 'net', messageId: 'm1', role: 'assistant', at: '2026-11-24T10:01:00.000Z', score: 1, terms: ['keepalive'], text: 'keepalive every 20 s'} satisfies Found;
		let answer: (found: Found[]) => void = () => undefined;
		let progress: (line: string) => void = () => undefined;
		const {context: slash, flashes} = context(async (_query, _limit, heard) => {
			progress = heard;
			return new Promise(resolve => (answer = resolve));
		});
		const running = recallCommand.run('keepalive', slash);
		expect(flashes).toEqual(['searching for keepalive…']);
		progress('3/100 sessions, 3,000 messages, 1,500 messages/s');
		expect(flashes.at(-1)).toBe('indexing for /recall: 3/100 sessions, 3,000 messages, 1,500 messages/s');
		answer([hit]);
		await running;
		expect(flashes.at(-1)).toBe('net · 2026-11-24 10:01: keepalive every 20 s');
	});

	it('runs the query in a child process, which reports its count and rate while it indexes', async () => {
		const dir = await tempDir();
		for (let i = 0; i < 3; i++) {
			await session(dir, `s${i}`, [`note ${i} about the keepalive`, 'noted']);
		}

		const lines: string[] = [];
		// The child is the built one (npm test builds first): the TUI runs dist/, never the sources.
		const found = await recallInChild(dir, {entry: path.resolve('dist/ui/recall-child.js')})('keepalive 2', 5, line => lines.push(line));
		expect(found[0]).toMatchObject({session: 's2', messageId: 's2-0'});
		expect(lines.length).toBeGreaterThan(0);
		expect(lines[0]).toMatch(/^\d\/3 sessions, \d+ messages, [\d,]+ messages\/s$/);
	});

	it('says so when the child fails', async () => {
		await expect(recallInChild(await tempDir(), {entry: path.resolve('dist/ui/no-such-child.js')})('x', 5, () => undefined)).rejects.toThrow(/^recall stopped \(exit code 1\) before it answered$/);
	});
});
