/** Payload shapes Tether reads from the gateway (and the embedded gateway writes). Unknown fields are tolerated. */
import {z} from 'zod';

export const connectChallengeSchema = z.object({nonce: z.string().min(1), ts: z.number()});

export const helloOkSchema = z.object({
	type: z.literal('hello-ok'),
	protocol: z.number().int(),
	server: z.object({version: z.string(), connId: z.string()}),
	/** What this gateway answers and sends: feature-detect optional methods by these. */
	features: z.object({methods: z.array(z.string()), events: z.array(z.string())}).partial().optional(),
	snapshot: z
		.object({
			sessionDefaults: z
				.object({defaultAgentId: z.string(), mainKey: z.string(), mainSessionKey: z.string()})
				.partial()
				.optional(),
		})
		.optional(),
	auth: z.object({role: z.string(), scopes: z.array(z.string()), deviceToken: z.string().optional()}),
	policy: z.object({
		maxPayload: z.number(),
		maxBufferedBytes: z.number(),
		tickIntervalMs: z.number().positive(),
		/** Per-file limits on `chat.send` attachments, in bytes (recorded: `{maxBytes: 19464192, maxImageBytes: 6291456}`). */
		attachments: z.looseObject({maxBytes: z.number().optional(), maxImageBytes: z.number().optional()}).optional(),
	}),
});
export type HelloOk = z.infer<typeof helloOkSchema>;

/**
 * A content block: `text` (also `input_text`/`output_text`), `thinking` (`thinking` field), `toolCall` (`id`,
 * `name`, `arguments`), images and more; the fields of each kind are read by session/parts.ts.
 */
const contentPartSchema = z.looseObject({type: z.string(), text: z.string().optional()});
export const contentSchema = z.union([z.string(), z.array(contentPartSchema)]);
export type Content = z.infer<typeof contentSchema>;
export type ContentPart = z.infer<typeof contentPartSchema>;

/** Usage as an assistant row or a `final` chat event carries it (recorded: `{input, output, totalTokens, cost: {total}}`). */
export const usagePayloadSchema = z.looseObject({
	input: z.number().optional(),
	output: z.number().optional(),
	totalTokens: z.number().optional(),
	cost: z.looseObject({total: z.number().optional()}).optional(),
});
export type UsagePayload = z.infer<typeof usagePayloadSchema>;

/** What OpenClaw adds to each history row (`__openclaw`): its stable id, order, and the run or message it belongs to. */
export const openclawRowMetaSchema = z.object({
	id: z.string().optional(),
	seq: z.number().optional(),
	idempotencyKey: z.string().optional(),
	runId: z.string().optional(),
});

/** A transcript row as chat.history returns it. */
export const historyRowSchema = z.object({
	role: z.string(),
	content: contentSchema.optional(),
	timestamp: z.number().optional(),
	idempotencyKey: z.string().optional(),
	customType: z.string().optional(),
	/** Tool result rows (`role: "toolResult"`) name the call they answer. */
	toolCallId: z.string().optional(),
	toolName: z.string().optional(),
	isError: z.boolean().optional(),
	model: z.string().optional(),
	provider: z.string().optional(),
	usage: usagePayloadSchema.optional(),
	errorMessage: z.string().optional(),
	/** `stop`, `toolUse`, `error` (a run the model failed for good: its text is the failure), `aborted`… */
	stopReason: z.string().optional(),
	__openclaw: openclawRowMetaSchema.optional(),
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
	/** The session's row (recorded: `model`, `modelProvider`, `totalTokens`, `contextTokens`, …). */
	sessionInfo: z.lazy(() => sessionModelSchema).optional(),
	/** The gateway's defaults for sessions that set nothing themselves. */
	defaults: z.lazy(() => sessionModelSchema).optional(),
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
	/** On `status` events while the gateway retries the model (PROTOCOL notes: `{attempt, maxAttempts, reason}`). */
	retry: z.looseObject({attempt: z.number().optional(), maxAttempts: z.number().optional(), reason: z.string().optional()}).optional(),
	usage: usagePayloadSchema.optional(),
});
export type ChatEvent = z.infer<typeof chatEventSchema>;

/**
 * An `agent` event: the run's streams beside `chat` (dist/tui: `stream` is `lifecycle`, `tool`, `thinking`,
 * `assistant`, `usage`, `run_status`, `item`…; tool events carry `data {phase: start|update|result, toolCallId,
 * name, args, result, isError}` and reach only the connection that sent the run with the `tool-events` cap).
 */
export const agentEventSchema = z.object({
	runId: z.string(),
	sessionKey: z.string().optional(),
	stream: z.string(),
	data: z.record(z.string(), z.unknown()).optional(),
	ts: z.number().optional(),
});
export type AgentEvent = z.infer<typeof agentEventSchema>;

/** `session.message`: a row just added to a session's transcript, after `sessions.messages.subscribe {key}`. */
export const sessionMessageEventSchema = z.object({
	sessionKey: z.string(),
	message: historyRowSchema,
	messageId: z.string().optional(),
	/** The session's row after the change (recorded: its `model`, `totalTokens`, `contextTokens`). */
	session: z.lazy(() => sessionModelSchema).optional(),
});
export type SessionMessageEvent = z.infer<typeof sessionMessageEventSchema>;

/** What a session row or the gateway's defaults say about the model and context used. */
export const sessionModelSchema = z.looseObject({
	model: z.string().nullable().optional(),
	modelProvider: z.string().nullable().optional(),
	totalTokens: z.number().nullable().optional(),
	contextTokens: z.number().nullable().optional(),
	/** Set on session rows (not on usage alone): a row without `channel` says the session is on none. */
	key: z.string().optional(),
	/** A channel the session is also open on (SessionRow `channel`: `telegram`), as a gateway that feeds it says. */
	channel: z.string().nullable().optional(),
});
export type SessionModel = z.infer<typeof sessionModelSchema>;

export const sessionRowSchema = z.object({
	key: z.string(),
	label: z.string().optional(),
	displayName: z.string().optional(),
	updatedAt: z.number().nullable().optional(),
	lastMessagePreview: z.string().optional(),
	hasActiveRun: z.boolean().optional(),
	model: z.string().optional(),
	modelProvider: z.string().optional(),
	totalTokens: z.number().optional(),
	contextTokens: z.number().optional(),
});
export const sessionsListResultSchema = z.object({sessions: z.array(sessionRowSchema)});
export type SessionRow = z.infer<typeof sessionRowSchema>;

export const shutdownEventSchema = z.object({reason: z.string().optional(), restartExpectedMs: z.number().optional()});

const textTypes = new Set(['text', 'input_text', 'output_text']);
/** Blocks that are not the answer: the agent's reasoning and its tool calls (shown as parts, not as text). */
const structuralTypes = new Set(['thinking', 'reasoning', 'redacted_thinking', 'toolCall', 'tool_use', 'toolUse', 'functionCall']);

export function isTextPart(part: ContentPart): boolean {
	return textTypes.has(part.type);
}

/** Text of a row or message: string content as is, text parts joined; media as a short placeholder (`[image]`). */
export function contentText(content: Content | undefined): string {
	if (content === undefined) {
		return '';
	}

	if (typeof content === 'string') {
		return content;
	}

	return content.map(part => (isTextPart(part) ? (part.text ?? '') : (structuralTypes.has(part.type) ? '' : `[${part.type}]`))).join('');
}

/**
 * `exec.approval.requested`: the agent asks to run a command (FINDINGS (f): `{approvalKind: "exec", id, request,
 * createdAtMs, expiresAtMs}`; `request` as ExecApprovalRequestParams in protocol.schema.json). Sent only to
 * clients with scope `operator.approvals` and cap `exec-approvals`.
 */
export const execApprovalRequestedSchema = z.object({
	id: z.string().min(1),
	request: z.record(z.string(), z.unknown()),
	expiresAtMs: z.number().optional(),
});
export type ExecApprovalRequested = z.infer<typeof execApprovalRequestedSchema>;

export const execApprovalResolvedSchema = z.looseObject({id: z.string().min(1)});
export const execApprovalListSchema = z.union([z.array(execApprovalRequestedSchema), z.looseObject({approvals: z.array(execApprovalRequestedSchema)})]);
