/** A session's data as its file holds it: the format every layer reads, validated on every read. */
import {z} from 'zod';
import {messageSchema} from './message.js';

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
