/** Typed errors of the store; cli.ts maps them to one-line messages. */
import {TetherError} from '../errors.js';
import {nameOfFileStem} from './file-names.js';

export class InvalidSessionName extends TetherError {
	constructor(name: string, why: string) {
		super(`invalid session name ${JSON.stringify(name)}: ${why}`, 2);
	}
}

export class SessionNotFound extends TetherError {
	constructor(name: string, suggestions: readonly string[]) {
		const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : '';
		super(`no session named ${name}${hint}; create it with: tether create ${name}`, 1);
	}
}

export class SessionExists extends TetherError {
	constructor(name: string) {
		super(`session ${name} already exists; open it with: tether attach ${name}`, 1);
	}
}

export class SessionFileCorrupt extends TetherError {
	constructor(file: string, why: string, backup: string | undefined) {
		const name = nameOfFileStem(file.replace(/^.*[/\\]/, '').replace(/\.json(\.bak)?$/, ''));
		const recovery = backup ? ` restores the last good copy, ${backup},` : ' starts it afresh from the gateway,';
		super(`session file ${file} is damaged (${why}) and was left untouched; tether recover ${name}${recovery} keeping the damaged file aside`, 1);
	}
}

export class SessionLocked extends TetherError {
	constructor(name: string, pid: number) {
		super(`session ${name} is open in another terminal (pid ${pid}); detach there first`, 1);
	}
}

/** A long session's file was changed by something else while its earlier messages were left in it (session-window.ts). */
export class SessionFileChanged extends TetherError {
	constructor(file: string) {
		super(`session file ${file} was changed by something else while open, so it was left as it is; what changed here since is not saved in it`, 1);
	}
}
