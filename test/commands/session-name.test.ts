import {describe, expect, it} from 'vitest';
import {attach, create, session} from '../../source/commands/attach.js';
import type {Command} from '../../source/commands/command.js';
import type {Context} from '../../source/commands/context.js';
import {exportCommand} from '../../source/commands/export.js';
import {archive, restore, rm} from '../../source/commands/manage.js';
import {recover} from '../../source/commands/recover.js';
import {show} from '../../source/commands/show.js';
import {stats} from '../../source/commands/stats.js';
import {UsageError} from '../../source/errors.js';

/** A context the commands must not reach: the argument check comes first. */
function untouched(): Context {
	throw new Error('the context was made before the arguments were checked');
}

describe('the one-session-name argument', () => {
	const commands: Command[] = [create, attach, show, stats, recover, exportCommand, rm, restore, archive];
	it.each(commands.flatMap(command => [[command.name, [] as string[]], [command.name, ['one', 'two']]] as const))(
		'%s with %j is refused with its usage line, before anything is opened',
		async (name, positionals) => {
			const command = commands.find(each => each.name === name)!;
			const run = command.run({positionals: [...positionals], values: {}}, untouched);
			await expect(run).rejects.toThrow(UsageError);
			await expect(run).rejects.toThrow(`expected one session name; usage: tether ${command.usage}`);
		},
	);

	it('is checked for `session attach` too', async () => {
		await expect(session.run({positionals: ['attach'], values: {}}, untouched)).rejects.toThrow('expected one session name; usage: tether session');
	});
});
