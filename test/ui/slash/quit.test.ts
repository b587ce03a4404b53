import {describe, expect, it} from 'vitest';
import {quitCommand} from '../../../source/ui/slash/quit.js';
import {slashContext} from './context.js';

describe('/quit', () => {
	it('detaches', async () => {
		const heard = slashContext({});
		await quitCommand.run('', heard.context);
		expect(heard.asked).toEqual(['quit']);
	});
});
