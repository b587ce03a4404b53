import {describe, expect, it} from 'vitest';
import {switchCommand} from '../../../source/ui/slash/switch.js';
import {slashContext} from './context.js';

describe('/switch', () => {
	it('leaves for the session named, to open it as it is', async () => {
		const heard = slashContext({});
		await switchCommand.run('notes', heard.context);
		expect(heard.left).toEqual([{kind: 'switch', name: 'notes', create: false}]);
	});

	it('takes it over with -d and watches it with -r', async () => {
		const heard = slashContext({}, {heldElsewhere: async () => 'notes is open in another terminal'});
		await switchCommand.run('notes -d', heard.context);
		await switchCommand.run('-r notes', heard.context);
		expect(heard.left).toEqual([
			{kind: 'switch', name: 'notes', create: false, how: 'take-over'},
			{kind: 'switch', name: 'notes', create: false, how: 'read-only'},
		]);
	});

	it('stays here and says why when the session cannot be opened or another terminal holds it', async () => {
		const missing = slashContext({}, {cannotOpen: async name => `no session ${name}`});
		await switchCommand.run('nope', missing.context);
		expect(missing.flashes).toEqual(['no session nope']);
		const held = slashContext({}, {heldElsewhere: async name => `${name} is open in another terminal; /switch ${name} -d takes it`});
		await switchCommand.run('notes', held.context);
		expect(held.flashes).toEqual(['notes is open in another terminal; /switch notes -d takes it']);
		expect([...missing.left, ...held.left]).toEqual([]);
	});

	it('gives its usage without a name, and one line about a bad name', async () => {
		const heard = slashContext({});
		await switchCommand.run('', heard.context);
		await switchCommand.run('../etc', heard.context);
		expect(heard.flashes[0]).toBe('usage: /switch NAME [-d|-r]');
		expect(heard.flashes[1]).toMatch(/^[^\n]+$/);
		expect(heard.flashes[1]).toContain('../etc');
		expect(heard.left).toEqual([]);
	});
});
