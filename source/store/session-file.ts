/** The session file on disk: a new session's data, its journal stamp, and the durable file that holds it. */
import {sessionFileSchema, sessionFileVersion, type SessionData} from '../model/session-data.js';
import {DurableJsonFile, type DurableOptions} from './durable-file.js';
import {isSessionKey} from '../protocol/session-key.js';

/** A new session's data; a session named by a full key (`agent:ops:x`) is that gateway session from the start. */
export function newSessionData(name: string, now: Date): SessionData {
	return {version: sessionFileVersion, name, createdAt: now.toISOString(), gateway: isSessionKey(name) ? {sessionKey: name} : {}, messages: [], events: []};
}

/** The data as the current version writes it. */
export function currentVersion(data: SessionData): SessionData {
	return data.version === sessionFileVersion ? data : {...data, version: sessionFileVersion};
}

/**
 * A session's journal lines name the file they patch by its session's name and creation time, as the file
 * had them when the journal began (a rename sets the name by a journal line; the stamp changes at the fold).
 */
export function sessionStamp(document: Record<string, unknown>): string | undefined {
	const {name, createdAt} = document;
	return typeof name === 'string' && typeof createdAt === 'string' ? `${name} ${createdAt}` : undefined;
}

/** The session file at `file`, read and written durably, its journal lines stamped. */
export function sessionFile(file: string, options: Omit<DurableOptions, 'stamp'> = {}): DurableJsonFile<SessionData> {
	return new DurableJsonFile(file, sessionFileSchema, {...options, stamp: sessionStamp});
}
