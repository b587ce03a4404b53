import {describe, expect, it} from 'vitest';
import {newCommand} from '../../../source/ui/slash/new.js';
import {tempDir} from '../../helpers.js';
import {openSession, slashContext} from './context.js';

describe('/new', () => {
	it('leaves for a new session of that name', async () => {
		const heard = slashContext({}, {sessionsDir: await tempDir()});
		await newCommand.run('ideas', heard.context);
		expect(heard.left).toEqual([{kind: 'switch', name: 'ideas', create: true}]);
	});

	it('refuses a name that is taken, saying how to open it', async () => {
		const dir = await tempDir();
		await openSession([], {name: 'ideas', dir});
		const heard = slashContext({}, {sessionsDir: dir});
		await newCommand.run('ideas', heard.context);
		expect(heard.flashes).toEqual(['session ideas already exists; /switch ideas opens it']);
		expect(heard.left).toEqual([]);
	});

	it('gives its usage without a name', async () => {
		const heard = slashContext({});
		await newCommand.run('  ', heard.context);
		expect(heard.flashes).toEqual(['usage: /new NAME']);
	});
});
