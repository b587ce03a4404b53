/** The argument shapes several commands share. */
import {validateSessionName} from '../../store/names.js';

/** A session name argument, or undefined after a flash saying what is wrong with it (`usage: …` when it is missing). */
export function nameArgument(args: string, usage: string, flash: (text: string) => void): string | undefined {
	const name = args.trim();
	if (name === '') {
		flash(`usage: ${usage}`);
		return undefined;
	}

	try {
		return validateSessionName(name);
	} catch (error) {
		flash((error as Error).message);
		return undefined;
	}
}

/** `"a path" rest` or `path rest`: the path a command names first, and the words after it. */
export function pathAndRest(args: string): {path: string; rest: string} | undefined {
	const quoted = /^(["'])(.+?)\1(?:\s+(.*))?$/s.exec(args);
	if (quoted) {
		return {path: quoted[2]!, rest: (quoted[3] ?? '').trim()};
	}

	const [path = '', ...rest] = args.split(/\s+/);
	return path === '' ? undefined : {path, rest: rest.join(' ')};
}
