/** The shape of a command: data that cli.ts dispatches on and generates help from. */
import type {ParseArgsOptionsConfig} from 'node:util';
import {UsageError} from '../errors.js';
import type {Context} from './context.js';

export type ParsedArgs = {positionals: string[]; values: Record<string, string | boolean | undefined>};

export type Command = {
	name: string;
	summary: string;
	/** The usage line after `tether `. */
	usage: string;
	/** Extra help paragraphs. */
	details?: string;
	options?: ParseArgsOptionsConfig;
	/** One-line descriptions of the options above, by option name. */
	optionHelp?: Record<string, string>;
	run(args: ParsedArgs, context: () => Context): Promise<number>;
};

/**
 * The one session name a command takes as its only argument.
 * @throws {UsageError} when there is none or more than one, with the command's usage line.
 */
export function sessionName(positionals: readonly string[], usage: string): string {
	const [name] = positionals;
	if (!name || positionals.length !== 1) {
		throw new UsageError(`expected one session name; usage: tether ${usage}`);
	}

	return name;
}

export function text(value: string | boolean | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
