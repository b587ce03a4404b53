/** Payload shapes Tether reads from the gateway (and the embedded gateway writes). Unknown fields are tolerated. */
import {z} from 'zod';

export const connectChallengeSchema = z.object({nonce: z.string().min(1), ts: z.number()});

export const helloOkSchema = z.object({
	type: z.literal('hello-ok'),
	protocol: z.number().int(),
	server: z.object({version: z.string(), connId: z.string()}),
	snapshot: z
		.object({
			sessionDefaults: z
				.object({defaultAgentId: z.string(), mainKey: z.string(), mainSessionKey: z.string()})
				.partial()
				.optional(),
		})
		.optional(),
	auth: z.object({role: z.string(), scopes: z.array(z.string()), deviceToken: z.string().optional()}),
	policy: z.object({maxPayload: z.number(), maxBufferedBytes: z.number(), tickIntervalMs: z.number().positive()}),
});
export type HelloOk = z.infer<typeof helloOkSchema>;

const contentPartSchema = z.object({type: z.string(), text: z.string().optional()});
export const contentSchema = z.union([z.string(), z.array(contentPartSchema)]);
export type Content = z.infer<typeof contentSchema>;

/** A transcript row as chat.history returns it. */
export const historyRowSchema = z.object({
	role: z.string(),
	content: contentSchema.optional(),
	timestamp: z.number().optional(),
	idempotencyKey: z.string().optional(),
	customType: z.string().optional(),
	__openclaw: z
		.object({
			id: z.string().optional(),
			seq: z.number().optional(),
			idempotencyKey: z.string().optional(),
			runId: z.string().optional(),
		})
		.optional(),
});
export type HistoryRow = z.infer<typeof historyRowSchema>;

export const chatHistoryResultSchema = z.object({
	sessionKey: z.string(),
	sessionId: z.string().optional(),
	messages: z.array(historyRowSchema),
	hasMore: z.boolean().optional(),
	nextOffset: z.number().nullable().optional(),
	inFlightRun: z.object({runId: z.string(), text: z.string().optional()}).nullable().optional(),
	/** Pass back as `cursor` after a reconnect to read only what was added since. */
	deltaCursor: z.string().optional(),
});
export type ChatHistoryResult = z.infer<typeof chatHistoryResultSchema>;

/** The answer to `chat.history` with a `cursor`: the rows since, or `reset` when the cursor no longer applies. */
export const chatHistoryDeltaSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('delta'),
		messages: z.array(z.object({message: historyRowSchema})),
		deltaCursor: z.string().optional(),
		inFlightRun: chatHistoryResultSchema.shape.inFlightRun,
	}),
	z.object({kind: z.literal('reset')}),
]);
export type ChatHistoryDelta = z.infer<typeof chatHistoryDeltaSchema>;

export const chatSendResultSchema = z.object({runId: z.string(), status: z.string()});
export type ChatSendResult = z.infer<typeof chatSendResultSchema>;

export const chatAbortResultSchema = z.object({ok: z.boolean(), aborted: z.boolean(), runIds: z.array(z.string())});

export const chatEventSchema = z.object({
	runId: z.string(),
	sessionKey: z.string(),
	seq: z.number().optional(),
	state: z.enum(['status', 'delta', 'final', 'aborted', 'error']),
	phase: z.string().optional(),
	deltaText: z.string().optional(),
	replace: z.boolean().optional(),
	message: z.object({role: z.string().optional(), content: contentSchema.optional()}).optional(),
	errorMessage: z.string().optional(),
});
export type ChatEvent = z.infer<typeof chatEventSchema>;

export const sessionRowSchema = z.object({
	key: z.string(),
	label: z.string().optional(),
	displayName: z.string().optional(),
	updatedAt: z.number().nullable().optional(),
	lastMessagePreview: z.string().optional(),
	hasActiveRun: z.boolean().optional(),
});
export const sessionsListResultSchema = z.object({sessions: z.array(sessionRowSchema)});
export type SessionRow = z.infer<typeof sessionRowSchema>;

export const shutdownEventSchema = z.object({reason: z.string().optional(), restartExpectedMs: z.number().optional()});

/** Text of a row or message: string content as is, text parts joined, other parts as a short placeholder. */
export function contentText(content: Content | undefined): string {
	if (content === undefined) {
		return '';
	}

	if (typeof content === 'string') {
		return content;
	}

	return content.map(part => (part.type === 'text' ? (part.text ?? '') : `[${part.type}]`)).join('');
}
