import {execFile} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {renderCommandHelp} from '../source/commands/help.js';
import {commandNames} from '../source/commands/command-names.js';
import {loadCommand} from '../source/commands/registry.js';
import {patience} from './helpers.js';

const run = promisify(execFile);
const tableFile = path.resolve('source/commands/help-table.ts');

async function generated(): Promise<string> {
	const table: Record<string, {summary: string; help: string; flags: string[]}> = {};
	for (const name of commandNames) {
		const command = await loadCommand(name);
		const flags = Object.entries(command.options ?? {}).flatMap(([option, spec]) => [`--${option}`, ...(spec.short ? [`-${spec.short}`] : [])]);
		table[name] = {summary: command.summary, help: renderCommandHelp(command), flags};
	}

	return [
		'// Generated from the command modules by test/help.test.ts (UPDATE_HELP=1 npx vitest run test/help.test.ts).',
		"import type {CommandName} from './command-names.js';",
		'',
		`export const helpTable: Record<CommandName, {summary: string; help: string; flags: string[]}> = ${JSON.stringify(table, undefined, '\t')};`,
		'',
	].join('\n');
}

// Prints every module of dist/commands/ that the process resolves.
const traceCommands = `data:text/javascript,${encodeURIComponent(`
import module from 'node:module';
module.registerHooks({resolve(specifier, context, next) {
	const result = next(specifier, context);
	if (result.url.includes('/dist/commands/')) process.stderr.write('loaded ' + result.url.split('/dist/')[1] + '\\n');
	return result;
}});`)}`;

describe('help', () => {
	it('is what the command modules say (UPDATE_HELP=1 rewrites source/commands/help-table.ts)', async () => {
		const expected = await generated();
		if (process.env.UPDATE_HELP) {
			await writeFile(tableFile, expected);
		}

		expect(await readFile(tableFile, 'utf8'), 'help-table.ts is stale: UPDATE_HELP=1 npx vitest run test/help.test.ts').toBe(expected);
	});

	it('loads no command module, so it is as quick as --version', async () => {
		for (const args of [['--help'], ['send', '--help'], ['serve', '-h'], ['help', 'attach'], ['show', 'NAME', '--last', '3', '--help']]) {
			const {stdout, stderr} = await run(process.execPath, ['--import', traceCommands, 'bin/tether.js', ...args], {timeout: patience});
			expect(stdout).toContain('Usage: tether');
			const loaded = stderr.split('\n').filter(line => line.startsWith('loaded ')).map(line => line.slice('loaded '.length));
			expect([...new Set(loaded)].toSorted(), args.join(' ')).toEqual(['commands/command-names.js', 'commands/help-table.js', 'commands/help.js', 'commands/registry.js']);
		}
	});
});
