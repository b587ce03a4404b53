/** Request params Tether sends; the embedded gateway validates them with the same closed schemas as a real gateway. */
import {z} from 'zod';

export const CLIENT_ID = 'cli';
export const CLIENT_MODE = 'cli';
export const OPERATOR_SCOPES = ['operator.read', 'operator.write'];

export const connectParamsSchema = z.strictObject({
	minProtocol: z.number().int(),
	maxProtocol: z.number().int(),
	client: z.strictObject({
		id: z.string(),
		version: z.string(),
		platform: z.string(),
		mode: z.string(),
		displayName: z.string().optional(),
		instanceId: z.string().optional(),
	}),
	role: z.string().optional(),
	scopes: z.array(z.string()).optional(),
	caps: z.array(z.string()).optional(),
	auth: z.strictObject({token: z.string().optional(), deviceToken: z.string().optional()}).optional(),
	locale: z.string().optional(),
	userAgent: z.string().optional(),
});
export type ConnectParams = z.infer<typeof connectParamsSchema>;

export const chatSendParamsSchema = z.strictObject({
	sessionKey: z.string().min(1),
	message: z.string(),
	idempotencyKey: z.string().min(1),
});
export type ChatSendParams = z.infer<typeof chatSendParamsSchema>;

export const chatHistoryParamsSchema = z.strictObject({
	sessionKey: z.string().min(1),
	limit: z.number().int().min(1).max(1000).optional(),
	offset: z.number().int().min(0).optional(),
});
export type ChatHistoryParams = z.infer<typeof chatHistoryParamsSchema>;

export const chatAbortParamsSchema = z.strictObject({sessionKey: z.string().min(1), runId: z.string().optional()});
export type ChatAbortParams = z.infer<typeof chatAbortParamsSchema>;

export const sessionsListParamsSchema = z.strictObject({limit: z.number().int().min(1).optional()});
