import {describe, expect, it} from 'vitest';
import type {Found} from '../../../source/search/search-index.js';
import type {RecallAnswer} from '../../../source/search/recall-runner.js';
import {recallCommand} from '../../../source/ui/slash/recall.js';
import {slashContext} from './context.js';

describe('/recall', () => {
	it('lists the hits as session · time: snippet', async () => {
		const hit = {session: 'net', messageId: 'm1', role: 'assistant', at: '2026-11-24T10:01:00.000Z', score: 1, terms: ['keepalive'], text: 'keepalive every 20 s'} satisfies Found;
		const asked: Array<[string, number]> = [];
		const heard = slashContext({}, {recall: async (query, limit) => (asked.push([query, limit]), {found: [hit], damaged: []})});
		await recallCommand.run('keepalive', heard.context);
		expect(asked).toEqual([['keepalive', 5]]);
		expect(heard.flashes).toEqual(['searching for keepalive…', 'net · 2026-11-24 10:01: keepalive every 20 s']);
	});

	it('says it is searching, shows how far indexing has come, then the hits', async () => {
		const hit = {session: 'net', messageId: 'm1', role: 'assistant', at: '2026-11-24T10:01:00.000Z', score: 1, terms: ['keepalive'], text: 'keepalive every 20 s'} satisfies Found;
		let answer: (answer: RecallAnswer) => void = () => undefined;
		let progress: (line: string) => void = () => undefined;
		const heard = slashContext(
			{},
			{
				recall: async (_query, _limit, hear) => {
					progress = hear;
					return new Promise(resolve => (answer = resolve));
				},
			},
		);
		const running = recallCommand.run('keepalive', heard.context);
		expect(heard.flashes).toEqual(['searching for keepalive…']);
		progress('3/100 sessions, 3,000 messages, 1,500 messages/s');
		expect(heard.flashes.at(-1)).toBe('indexing for /recall: 3/100 sessions, 3,000 messages, 1,500 messages/s');
		answer({found: [hit], damaged: []});
		await running;
		expect(heard.flashes.at(-1)).toBe('net · 2026-11-24 10:01: keepalive every 20 s');
	});

	it('says when nothing is found, and gives its usage without a query', async () => {
		const heard = slashContext({});
		await recallCommand.run('zebra', heard.context);
		await recallCommand.run(' ', heard.context);
		expect(heard.flashes).toEqual(['searching for zebra…', 'nothing found for zebra', 'usage: /recall QUERY']);
	});

	it('says which sessions it left out as damaged', async () => {
		const heard = slashContext({}, {recall: async () => ({found: [], damaged: ['broken']})});
		await recallCommand.run('zebra', heard.context);
		expect(heard.flashes.at(-1)).toBe('nothing found for zebra\nleft out 1 damaged session file(s): broken (tether ls says what is wrong)');
	});
});
