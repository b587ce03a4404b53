/** The base of every error a user can cause or meet; cli.ts prints its message on one line and exits with its code. */
export class TetherError extends Error {
	constructor(
		message: string,
		readonly exitCode: number = 1,
	) {
		super(message);
		this.name = new.target.name;
	}
}

export class UsageError extends TetherError {
	constructor(message: string) {
		super(message, 2);
	}
}

/** True when `error` carries one of the Node errno `codes` (`ENOENT`, `EEXIST`…): the one errno check everywhere. */
export function hasErrorCode(error: unknown, ...codes: readonly string[]): boolean {
	return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && codes.includes(error.code);
}
