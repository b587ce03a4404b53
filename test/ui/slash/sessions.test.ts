import {describe, expect, it} from 'vitest';
import {sessionsCommand} from '../../../source/ui/slash/sessions.js';
import {slashContext} from './context.js';

describe('/sessions', () => {
	it('leaves for the session browser', async () => {
		const heard = slashContext({});
		await sessionsCommand.run('', heard.context);
		expect(heard.left).toEqual([{kind: 'browse'}]);
	});
});
