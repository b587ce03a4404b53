/** The session file's shape, validated on every read. */
import {z} from 'zod';
import {messageSchema} from '../session/message.js';
import {DurableJsonFile, type DurableOptions} from './durable-file.js';
import {isSessionKey} from './names.js';

export const linkRecordSchema = z.object({
	at: z.string(),
	type: z.enum(['disconnected', 'reconnected']),
	reason: z.string().optional(),
	downtimeMs: z.number().optional(),
});
export type LinkRecord = z.infer<typeof linkRecordSchema>;

/**
 * The file format: 2 added a reply's `parts` and `usage`. Version 1 files read as before; a file is written as
 * version 2 from its first change on, so an older Tether, which would drop the parts it does not know, refuses it.
 */
export const sessionFileVersion = 2;

export const sessionFileSchema = z.object({
	version: z.union([z.literal(1), z.literal(sessionFileVersion)]),
	name: z.string(),
	createdAt: z.string(),
	// historyCursor: where the last history read ended on that gateway session, so a reconnect reads only what is new.
	gateway: z.object({url: z.string().optional(), sessionKey: z.string().optional(), historyCursor: z.string().optional()}),
	messages: z.array(messageSchema),
	events: z.array(linkRecordSchema),
	/** Archived sessions are hidden from `ls` and the browser unless asked for. */
	archivedAt: z.string().optional(),
});
export type SessionData = z.infer<typeof sessionFileSchema>;

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
