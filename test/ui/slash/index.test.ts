/** The registry: every command is one file's, found by its first word, listed once, and completed by Tab. */
import {describe, expect, it} from 'vitest';
import {completeSlash, gatewayText, localCommand, readOnlyCommand, shadowedCommands, slashCommands} from '../../../source/ui/slash/index.js';

describe('the slash command registry', () => {
	it('lists each command once, each with a one-line description', () => {
		const names = slashCommands.map(command => command.name);
		expect(new Set(names).size).toBe(names.length);
		for (const command of slashCommands) {
			expect(command.description).toMatch(/^[^\n]+$/);
		}
	});

	it('finds a command by its first word; anything else goes to the gateway as typed', () => {
		expect(localCommand('/switch notes -d')).toMatchObject({command: {name: 'switch'}, args: 'notes -d'});
		expect(localCommand('/think hard')).toBeUndefined();
		expect(localCommand('/etc/hosts looks wrong')).toBeUndefined();
		expect(localCommand('//status')).toBeUndefined();
		expect(localCommand('/status\nand more')).toBeUndefined();
		expect(gatewayText('//status')).toBe('/status');
	});

	it('lets a read-only watcher run only what changes nothing', () => {
		const allowed = slashCommands.filter(command => readOnlyCommand(command)).map(command => command.name);
		expect(allowed.toSorted()).toEqual(['clear', 'export', 'help', 'new', 'quit', 'recall', 'sessions', 'status', 'switch']);
	});

	it("completes ours and the gateway's, and names the gateway's that ours hide", () => {
		expect(completeSlash('/sw')).toBe('/switch ');
		expect(completeSlash('/re')).toBe('/re');
		expect(completeSlash('/th', ['think'])).toBe('/think ');
		expect(shadowedCommands(['status', 'think'])).toEqual(['status']);
	});
});
