/** The shape of a command: data that cli.ts dispatches on and generates help from. */
import type {ParseArgsOptionsConfig} from 'node:util';
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

export function text(value: string | boolean | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
