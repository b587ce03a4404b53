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
