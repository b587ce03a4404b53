import {describe, expect, it} from 'vitest';
import {retryCommand} from '../../../source/ui/slash/retry.js';
import {reply, userMessage} from '../../builders.js';
import {openSession, slashContext} from './context.js';

describe('/retry', () => {
	it('re-sends the messages the gateway refused, with their own keys', async () => {
		const session = await openSession([userMessage('one', {status: 'failed'}), userMessage('two', {status: 'failed'})]);
		const heard = slashContext(session);
		await retryCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['re-sending 2 message(s)']);
		expect(session.messages.map(m => [m.idempotencyKey, m.status])).toEqual([
			['key-one', 'queued'],
			['key-two', 'queued'],
		]);
	});

	it('runs a turn whose reply failed again, as a new message marked a retry of it', async () => {
		const session = await openSession([userMessage('summarise the incident'), reply('key-summarise the incident', 'context too long', {status: 'error'})]);
		const heard = slashContext(session);
		await retryCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['running it again: summarise the incident']);
		expect(session.messages.at(-1)).toMatchObject({role: 'user', text: 'summarise the incident', retryOf: 'local-summarise the incident'});
	});

	it('says when there is nothing to re-send', async () => {
		const session = await openSession([userMessage('hi'), reply('key-hi', 'hello')]);
		const heard = slashContext(session);
		await retryCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['nothing to re-send']);
		expect(session.messages).toHaveLength(2);
	});
});
