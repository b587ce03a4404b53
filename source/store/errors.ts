/** Typed errors of the store; cli.ts maps them to one-line messages. */
import {TetherError} from '../errors.js';
import {didYouMean} from '../text/did-you-mean.js';
import {nameOfFileStem} from './file-names.js';

export class InvalidSessionName extends TetherError {
	constructor(name: string, why: string) {
		super(`invalid session name ${JSON.stringify(name)}: ${why}`, 2);
	}
}

export class SessionNotFound extends TetherError {
	constructor(name: string, suggestions: readonly string[]) {
		super(`no session named ${name}${didYouMean(suggestions)}; create it with: tether create ${name}`, 1);
	}
}

/** A name asked for that is not saved, but in the trash: a SessionNotFound to whoever only needs to know that. */
export class SessionInTrash extends SessionNotFound {
	constructor(name: string) {
		super(name, []);
		this.message = `session ${name} is in the trash; tether restore ${name} brings it back`;
	}
}

export class NotInTrash extends TetherError {
	constructor(name: string, suggestions: readonly string[]) {
		super(`no session named ${name} in the trash${didYouMean(suggestions)}`, 1);
	}
}

export class SessionExists extends TetherError {
	constructor(name: string) {
		super(`session ${name} already exists; open it with: tether attach ${name}`, 1);
	}
}

/** Names that differ only in case are one file on macOS and Windows, so one conversation must not take the other's. */
export class SessionNameCase extends TetherError {
	constructor(name: string, existing: string) {
		super(`session ${existing} exists, and ${name} differs from it only in case (one file on macOS and Windows); use ${existing} or another name`, 1);
	}
}

export class SessionFileCorrupt extends TetherError {
	constructor(file: string, why: string, backup: string | undefined, recovery?: string) {
		const name = nameOfFileStem(file.replace(/^.*[/\\]/, '').replace(/\.json(\.bak)?$/, ''));
		const does = recovery ?? `${backup ? ` restores the last good copy, ${backup},` : ' starts it afresh from the gateway,'} keeping the damaged file aside`;
		super(`session file ${file} is damaged (${why}) and was left untouched; tether recover ${name}${does}`, 1);
	}
}

/** A journal line in the middle that is not a patch, or not this session's: the file is refused rather than read up to it. */
export class SessionJournalDamaged extends SessionFileCorrupt {
	constructor(file: string, journal: string, damage: {line: number; of: number; why: string}) {
		const what = damage.why === 'written for another session' ? 'belongs to another session' : `is ${damage.why}`;
		super(file, `line ${damage.line} of ${damage.of} of its journal ${journal} ${what}`, undefined, ' applies what of the journal reads, keeping the journal aside');
	}
}

/** The file system errors that are the disk's or the user's to fix, not bugs: said in one line, exit 1. */
const refusals: Record<string, string> = {
	ENOSPC: 'the disk is full',
	EDQUOT: 'the disk quota is used up',
	EROFS: 'the file system is read-only',
	EACCES: 'permission denied',
	EPERM: 'not permitted',
	EIO: 'the disk failed to read or write',
	EISDIR: 'it is a directory',
	ENOTDIR: 'a part of the path is not a directory',
};

/** Why the disk refused, in words, with the code: `the disk is full (ENOSPC)`. */
export function refusalReason(code: string): string {
	return `${refusals[code] ?? 'refused'} (${code})`;
}

export function isDiskRefusal(error: unknown): error is NodeJS.ErrnoException & {code: string} {
	const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
	return typeof code === 'string' && code in refusals;
}

/**
 * The disk refused (full, read-only, no permission): which file, why, and what was or was not saved. An
 * expected condition, not a bug; whatever took the lock has released it and temp files are gone.
 */
export class DiskRefused extends TetherError {
	constructor(
		readonly code: string,
		file: string,
		outcome: string,
	) {
		super(`${file}: ${refusalReason(code)}; ${outcome}`, 1);
	}

	/** `error` as a DiskRefused when it is a refusal (with `outcome`), else as it is. */
	static from(error: unknown, outcome: string, file?: string): unknown {
		if (!isDiskRefusal(error)) {
			return error;
		}

		return new DiskRefused(error.code, file ?? error.path ?? 'a file', outcome);
	}
}

export class SessionLocked extends TetherError {
	constructor(
		readonly session: string,
		readonly pid: number,
	) {
		super(`session ${session} is open in another terminal (pid ${pid}); tether attach ${session} -d takes it over, --read-only watches it`, 1);
	}
}

/** A change asked of a session opened read-only (a second terminal watching it). */
export class SessionReadOnly extends TetherError {
	constructor(name: string) {
		super(`session ${name} is open read-only here; tether attach ${name} -d takes it over to write`, 1);
	}
}

/** A long session's file was changed by something else while its earlier messages were left in it (session-window.ts). */
export class SessionFileChanged extends TetherError {
	constructor(file: string) {
		super(`session file ${file} was changed by something else while open, so it was left as it is; what changed here since is not saved in it`, 1);
	}
}
