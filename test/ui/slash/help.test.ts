import {describe, expect, it} from 'vitest';
import {helpCommand} from '../../../source/ui/slash/help.js';
import {slashContext} from './context.js';

describe('/help', () => {
	it('opens the help and says nothing else', async () => {
		const heard = slashContext({});
		await helpCommand.run('', heard.context);
		expect(heard.asked).toEqual(['help']);
		expect(heard.flashes).toEqual([]);
	});
});
