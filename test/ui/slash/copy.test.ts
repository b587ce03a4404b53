import {describe, expect, it} from 'vitest';
import {copyCommand} from '../../../source/ui/slash/copy.js';
import {reply, userMessage} from '../../builders.js';
import {slashContext} from './context.js';

const session = {messages: [userMessage('first?'), reply('a', 'the first answer', {at: '2026-11-24T10:00:01.000Z'}), reply('b', 'the second answer', {at: '2026-11-24T10:05:00.000Z'})]};

describe('/copy', () => {
	it('copies the last reply, or the Nth from the end, and says which', async () => {
		const heard = slashContext(session);
		await copyCommand.run('', heard.context);
		await copyCommand.run('2', heard.context);
		expect(heard.copied).toEqual(['the second answer', 'the first answer']);
		expect(heard.flashes[0]).toBe('copied the last reply (10:05 UTC, 17 characters) to the clipboard by OSC 52, where the terminal allows it');
		expect(heard.flashes[1]).toMatch(/^copied reply 2 back \(10:00 UTC/);
	});

	it('copies nothing for an N that is not a reply here', async () => {
		const heard = slashContext(session);
		await copyCommand.run('3', heard.context);
		await copyCommand.run('last', heard.context);
		expect(heard.copied).toEqual([]);
		expect(heard.flashes).toEqual(['only 2 replies here; /copy 2 is the first', 'usage: /copy [N] (N: 1 is the last reply, 2 the one before); not last']);
	});
});
