/** A transcript message, as kept in memory and in the session file. */
import {z} from 'zod';

export const messageStatusSchema = z.enum([
	// User messages: durable locally → handed to the link → acknowledged by the gateway, or refused.
	'queued',
	'sending',
	'sent',
	'failed',
	// Assistant messages.
	'streaming',
	'final',
	'aborted',
	'error',
	// The gateway lost the run (it restarted mid-reply) and has not answered the turn again yet.
	'interrupted',
]);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const messageSchema = z.object({
	id: z.string().min(1),
	role: z.enum(['user', 'assistant', 'custom']),
	text: z.string(),
	at: z.string(),
	status: messageStatusSchema,
	idempotencyKey: z.string().optional(),
	runId: z.string().optional(),
	/** The gateway's stable id for the row (`__openclaw.id`), once known. */
	serverId: z.string().optional(),
	error: z.string().optional(),
});
export type Message = z.infer<typeof messageSchema>;
