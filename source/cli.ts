/** Argument parsing and dispatch; every failure ends as one line on stderr and a non-zero exit code. */
import {parseArgs, type ParseArgsOptionsConfig} from 'node:util';
import type {Command} from './commands/command.js';
import {commandHelp, overview} from './commands/help.js';
import type {Context, Io} from './commands/context.js';
import {commandNames, isCommandName} from './commands/command-names.js';
import {loadCommand} from './commands/registry.js';
import {hasErrorCode, TetherError, UsageError} from './errors.js';
import {DiskRefused, isDiskRefusal} from './store/errors.js';
import {closeNames} from './store/names.js';
import {sanitizeLine} from './text/sanitize.js';
import {didYouMean} from './text/did-you-mean.js';
import {hideUserinfo} from './text/url-credentials.js';
import {version} from './version.js';

const globalOptions = {
	gateway: {type: 'string'},
	token: {type: 'string'},
	'sessions-dir': {type: 'string'},
	'data-dir': {type: 'string'},
	insecure: {type: 'boolean'},
	'tls-fingerprint': {type: 'string'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
} satisfies ParseArgsOptionsConfig;

/** Commands as tmux (and habit) spells them, for "did you mean". */
const habits: Record<string, string> = {new: 'create', a: 'attach', at: 'attach', kill: 'rm', delete: 'rm', remove: 'rm', list: 'ls'};

/** Finds the command word (the first positional, skipping global options and their values), --version and --help. */
function splitCommand(args: string[]): {name: string | undefined; rest: string[]; version: boolean; help: boolean} {
	const {tokens} = parseArgs({args, options: globalOptions, strict: false, allowPositionals: true, tokens: true});
	const end = tokens.findIndex(token => token.kind === 'option-terminator');
	const options = tokens.slice(0, end === -1 ? undefined : end).filter(token => token.kind === 'option');
	const version = options.some(token => token.name === 'version');
	const help = options.some(token => token.name === 'help');
	const first = tokens.find(token => token.kind === 'positional' || token.kind === 'option-terminator');
	if (first?.kind !== 'positional') {
		return {name: undefined, rest: args, version, help};
	}

	return {name: first.value, rest: args.toSpliced(first.index, 1), version, help};
}

export async function main(args: string[], io: Io): Promise<number> {
	const {name, rest, version: wantsVersion, help: wantsHelp} = splitCommand(args);
	// Before any command is loaded: scripts call this often.
	if (wantsVersion) {
		io.stdout.write(`${version}\n`);
		return 0;
	}

	// Help, too, comes from a table rather than the command modules (commands/help.ts).
	if (name === 'help') {
		io.stdout.write(`${rest[0] !== undefined && isCommandName(rest[0]) ? commandHelp(rest[0]) : overview()}\n`);
		return 0;
	}

	if (name !== undefined && !isCommandName(name)) {
		const habit = Object.hasOwn(habits, name) ? habits[name] : undefined;
		const close = habit ? [habit] : closeNames(name, commandNames);
		throw new UsageError(`unknown command ${sanitizeLine(name)}${didYouMean(close)}; see tether --help`);
	}

	if (wantsHelp) {
		io.stdout.write(`${name === undefined ? overview() : commandHelp(name)}\n`);
		return 0;
	}

	const command = await loadCommand(name ?? 'attach');
	const parsed = parse(rest, command, name === undefined ? 'tether --help' : `tether ${command.name} --help`);

	let context: Context | undefined;
	const {createContext} = await import('./commands/context.js');
	const getContext = () => (context ??= createContext(parsed.values, io));
	// Bare `tether` attaches "main", creating it on first use.
	const positionals = name === undefined ? ['main'] : parsed.positionals;
	const values = name === undefined ? {...parsed.values, create: true} : parsed.values;
	return command.run({positionals, values}, getContext);
}

function parse(args: string[], command: Command, help: string) {
	const options = {...globalOptions, ...command.options};
	try {
		return parseArgs({args, options, strict: true, allowPositionals: true});
	} catch (error) {
		// node:util's first line is clear enough, but for an unknown option it goes on about positionals.
		const {message} = error as Error;
		const unknown = /^Unknown option '(--?[^'=]+)/.exec(message)?.[1];
		if (unknown === undefined) {
			throw new UsageError(`${message.split('\n')[0]}; see ${help}`);
		}

		const close = closeNames(unknown, Object.keys(options).map(option => `--${option}`));
		throw new UsageError(`unknown option ${sanitizeLine(unknown)}${didYouMean(close)}; see ${help}`);
	}
}

/** Maps errors to one line and an exit code; a stack trace only for bugs, and only with TETHER_DEBUG. */
export function report(error: unknown, io: Io): number {
	// A full disk or a read-only directory met outside the store's own reporting is no bug either.
	const known = isDiskRefusal(error) ? DiskRefused.from(error, 'the command stopped there') : error;
	if (known instanceof TetherError) {
		io.stderr.write(`tether: ${sanitizeLine(hideUserinfo(known.message))}\n`);
		return known.exitCode;
	}

	const detail = io.env.TETHER_DEBUG ? `\n${(error as Error).stack ?? String(error)}` : ' (set TETHER_DEBUG=1 for details)';
	io.stderr.write(`tether: unexpected error: ${sanitizeLine(hideUserinfo((error as Error).message ?? String(error)))}${hideUserinfo(detail)}\n`);
	return 70;
}

/** The process entry point (bin/tether.js). */
export async function run(): Promise<void> {
	const io: Io = {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env};
	// A reader that stopped reading (`tether ls | head`) is not an error.
	process.stdout.on('error', error => {
		if (hasErrorCode(error, 'EPIPE')) {
			process.exit(0);
		}
	});
	process.exitCode = await main(process.argv.slice(2), io).catch((error: unknown) => report(error, io));
}
