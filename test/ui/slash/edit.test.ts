import {describe, expect, it} from 'vitest';
import {editCommand} from '../../../source/ui/slash/edit.js';
import {slashContext} from './context.js';

describe('/edit', () => {
	it('opens the editor on the text after it', async () => {
		const heard = slashContext({});
		await editCommand.run('a first line', heard.context);
		await editCommand.run('', heard.context);
		expect(heard.edited).toEqual(['a first line', '']);
	});
});
