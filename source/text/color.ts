/**
 * Whether output is styled, by the usual conventions: `FORCE_COLOR` (any value but `0` or `false`) styles
 * even piped output and wins over `NO_COLOR`, as in Node and chalk; `NO_COLOR` set and not empty
 * (no-color.org) turns styling off; otherwise only a terminal is styled.
 */
export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
	const forced = env.FORCE_COLOR;
	if (forced !== undefined) {
		return forced !== '0' && forced !== 'false';
	}

	return !env.NO_COLOR && isTTY === true;
}
