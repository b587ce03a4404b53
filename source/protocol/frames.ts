/** Wire frames of the OpenClaw Gateway protocol (the subset Tether speaks), validated before they enter the core. */
import {PROTOCOL_VERSION} from '@openclaw/gateway-protocol/version';
import {z} from 'zod';

export {PROTOCOL_VERSION};

export const errorShapeSchema = z.object({
	code: z.string(),
	message: z.string(),
	details: z.record(z.string(), z.unknown()).optional(),
	retryable: z.boolean().optional(),
	retryAfterMs: z.number().optional(),
});
export type ErrorShape = z.infer<typeof errorShapeSchema>;

const requestSchema = z.object({
	type: z.literal('req'),
	id: z.string().min(1),
	method: z.string().min(1),
	params: z.unknown().optional(),
});

const responseSchema = z.object({
	type: z.literal('res'),
	id: z.string().min(1),
	ok: z.boolean(),
	payload: z.unknown().optional(),
	error: errorShapeSchema.optional(),
});

const eventSchema = z.object({
	type: z.literal('event'),
	event: z.string().min(1),
	payload: z.unknown().optional(),
	seq: z.number().int().optional(),
});

const frameSchema = z.discriminatedUnion('type', [requestSchema, responseSchema, eventSchema]);

export type RequestFrame = z.infer<typeof requestSchema>;
export type ResponseFrame = z.infer<typeof responseSchema>;
export type EventFrame = z.infer<typeof eventSchema>;
export type Frame = z.infer<typeof frameSchema>;

export type ParseResult<T> = {ok: true; value: T} | {ok: false; reason: string};

/** Parses one text frame; never throws, so a hostile peer cannot crash the caller. */
export function parseFrame(text: string): ParseResult<Frame> {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return {ok: false, reason: 'frame is not JSON'};
	}

	return check(frameSchema, json, 'frame');
}

/** Validates a payload against a schema, naming the first problem in one line. */
export function check<T>(schema: z.ZodType<T>, value: unknown, what: string): ParseResult<T> {
	const result = schema.safeParse(value);
	if (result.success) {
		return {ok: true, value: result.data};
	}

	const issue = result.error.issues[0];
	const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
	return {ok: false, reason: `invalid ${what}${where}: ${issue?.message ?? 'unknown problem'}`};
}
