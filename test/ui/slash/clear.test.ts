import {describe, expect, it} from 'vitest';
import {clearCommand} from '../../../source/ui/slash/clear.js';
import {slashContext} from './context.js';

describe('/clear', () => {
	it('clears the screen and leaves the session as it is', async () => {
		const heard = slashContext({});
		await clearCommand.run('', heard.context);
		expect(heard.asked).toEqual(['clear']);
		expect(heard.left).toEqual([]);
	});
});
