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

export const toolStatusSchema = z.enum(['running', 'done', 'error']);
export type ToolStatus = z.infer<typeof toolStatusSchema>;

/**
 * One part of a reply, in the order the agent produced it (DESIGN: "a turn is a sequence of parts"). The
 * shapes follow what an OpenClaw gateway gives: `text` and `thinking` content blocks, `toolCall` blocks with
 * their `toolResult` rows folded in (history), or `agent` events of stream `tool` (live).
 */
export const partSchema = z.discriminatedUnion('type', [
	z.object({type: z.literal('text'), text: z.string()}),
	z.object({type: z.literal('thinking'), text: z.string()}),
	z.object({
		type: z.literal('toolCall'),
		/** The model's tool call id (`toolCallId` in events and tool result rows). */
		id: z.string(),
		name: z.string(),
		/** The arguments as the model gave them (usually an object). */
		arguments: z.unknown().optional(),
		/** The gateway's few words on what the call does (`from NOTES.md`), where it gave them and not the arguments. */
		summary: z.string().optional(),
		status: toolStatusSchema,
		/** The tool's output as text, as long as the gateway gave it. */
		result: z.string().optional(),
		startedAt: z.string().optional(),
		durationMs: z.number().optional(),
	}),
	z.object({type: z.literal('error'), text: z.string()}),
]);
export type Part = z.infer<typeof partSchema>;
export type ToolCallPart = Extract<Part, {type: 'toolCall'}>;

/** What a run cost, as the gateway reported it (tokens are counts; cost in the provider's currency, usually USD). */
export const usageSchema = z.object({
	model: z.string().optional(),
	provider: z.string().optional(),
	inputTokens: z.number().optional(),
	outputTokens: z.number().optional(),
	totalTokens: z.number().optional(),
	cost: z.number().optional(),
});
export type Usage = z.infer<typeof usageSchema>;

/**
 * A file sent with a user message (`chat.send` attachments). The file itself is read when the message is sent
 * (and again if it must be re-sent), so the session file stays small; its digest says whether it changed.
 */
export const attachmentSchema = z.object({
	path: z.string(),
	fileName: z.string(),
	mimeType: z.string(),
	/** Bytes. */
	sizeBytes: z.number(),
	/** Hex SHA-256 of the bytes when attached. */
	sha256: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const messageSchema = z.object({
	id: z.string().min(1),
	role: z.enum(['user', 'assistant', 'custom']),
	/** The readable answer: the text parts joined (what old readers, search and previews use). */
	text: z.string(),
	at: z.string(),
	status: messageStatusSchema,
	idempotencyKey: z.string().optional(),
	runId: z.string().optional(),
	/** The gateway's stable id for the row (`__openclaw.id`), once known; for a reply, its first row's. */
	serverId: z.string().optional(),
	error: z.string().optional(),
	/** A reply's parts (session file version 2); absent when the reply is only its text. */
	parts: z.array(partSchema).optional(),
	usage: usageSchema.optional(),
	/** Files sent with a user message. */
	attachments: z.array(attachmentSchema).optional(),
	/**
	 * The user message this one runs again (`/retry` of a failed reply): the same text and files sent as a new
	 * turn, with a key of its own; shown as a retry of it, not as the text a second time.
	 */
	retryOf: z.string().optional(),
});
export type Message = z.infer<typeof messageSchema>;
