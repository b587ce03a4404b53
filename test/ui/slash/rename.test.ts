import {describe, expect, it} from 'vitest';
import {renameCommand} from '../../../source/ui/slash/rename.js';
import {tempDir} from '../../helpers.js';
import {openSession, slashContext} from './context.js';

describe('/rename', () => {
	it('leaves to rename this session', async () => {
		const heard = slashContext({}, {sessionsDir: await tempDir()});
		await renameCommand.run('incident-42', heard.context);
		expect(heard.left).toEqual([{kind: 'rename', to: 'incident-42'}]);
	});

	it('refuses a name another session has, and gives its usage without one', async () => {
		const dir = await tempDir();
		await openSession([], {name: 'taken', dir});
		const heard = slashContext({}, {sessionsDir: dir});
		await renameCommand.run('taken', heard.context);
		await renameCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['session taken already exists', 'usage: /rename NEW']);
		expect(heard.left).toEqual([]);
	});
});
