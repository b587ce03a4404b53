/**
 * The parts of a reply (text, thinking, tool calls, errors) built from what a gateway sends: content blocks of
 * history rows and chat events, tool result rows, and `agent` tool events. Pure.
 */
import {isTextPart, type Content, type ContentPart, type HistoryRow, type UsagePayload} from '../protocol/payloads.js';
import type {Part, ToolCallPart, Usage} from '../model/message.js';

const thinkingTypes = new Set(['thinking', 'reasoning', 'redacted_thinking']);
const toolCallTypes = new Set(['toolCall', 'tool_use', 'toolUse', 'functionCall']);

/** A tool's output kept in the file is cut here: a `read` of a large file must not bloat the session (characters). */
export const maxToolResultChars = 4000;

/** The parts in content blocks, in order (adjacent text blocks joined; a tool call starts as running). */
export function partsFromContent(content: Content | undefined): Part[] {
	if (content === undefined) {
		return [];
	}

	if (typeof content === 'string') {
		return content === '' ? [] : [{type: 'text', text: content}];
	}

	const parts: Part[] = [];
	for (const block of content) {
		const part = partFromBlock(block);
		const last = parts.at(-1);
		if (part?.type === 'text' && last?.type === 'text') {
			parts[parts.length - 1] = {type: 'text', text: last.text + part.text};
		} else if (part) {
			parts.push(part);
		}
	}

	return parts;
}

function partFromBlock(block: ContentPart): Part | undefined {
	if (isTextPart(block)) {
		return block.text ? {type: 'text', text: block.text} : undefined;
	}

	if (thinkingTypes.has(block.type)) {
		const text = stringField(block, 'thinking') ?? block.text ?? '';
		return text.trim() === '' ? undefined : {type: 'thinking', text};
	}

	if (toolCallTypes.has(block.type)) {
		const id = stringField(block, 'id') ?? stringField(block, 'toolCallId') ?? '';
		const name = stringField(block, 'name') ?? 'tool';
		const args = block['arguments'] ?? block['input'] ?? block['args'];
		return {type: 'toolCall', id, name, ...(args !== undefined && {arguments: args}), status: 'running'};
	}

	// Media and kinds this client cannot show: a placeholder where they stand, as contentText has.
	return {type: 'text', text: `[${block.type}]`};
}

function stringField(block: Record<string, unknown>, key: string): string | undefined {
	const value = block[key];
	return typeof value === 'string' ? value : undefined;
}

/** The readable answer in `parts`: its text parts, a blank line between those a tool call separated. */
export function partsText(parts: readonly Part[]): string {
	return parts
		.filter(part => part.type === 'text')
		.map(part => part.text)
		.join('\n\n');
}

/** A tool's output as text: string content as is, text blocks joined, anything else as JSON; cut to `maxToolResultChars`. */
export function toolResultText(result: unknown): string {
	let text: string;
	if (typeof result === 'string') {
		text = result;
	} else if (Array.isArray(result)) {
		text = result.map(block => (typeof block === 'object' && block !== null && typeof (block as {text?: unknown}).text === 'string' ? (block as {text: string}).text : '')).join('');
	} else if (typeof result === 'object' && result !== null && 'content' in result) {
		return toolResultText(result.content);
	} else {
		text = result === undefined ? '' : JSON.stringify(result);
	}

	return text.length > maxToolResultChars ? `${text.slice(0, maxToolResultChars)}\n… (${text.length - maxToolResultChars} more characters)` : text;
}

/** Folds a `toolResult` history row into the call it answers (matched by `toolCallId`; appended if none). */
export function withToolResult(parts: readonly Part[], row: HistoryRow): Part[] {
	const id = row.toolCallId ?? '';
	const result = toolResultText(row.content);
	const status = row.isError ? 'error' : 'done';
	const index = parts.findIndex(part => part.type === 'toolCall' && part.id === id);
	if (index === -1) {
		return [...parts, {type: 'toolCall', id, name: row.toolName ?? 'tool', status, result}];
	}

	return parts.map((part, i) => (i === index ? {...(part as ToolCallPart), status, result} : part));
}

/** The data of an `agent` event of stream `tool` (dist/tui: `{phase, toolCallId, name, args, partialResult, result, isError}`). */
export type ToolEventData = Record<string, unknown>;

/**
 * Applies a live tool event: `start` adds a running call, `update` shows partial output, `result` ends it
 * with its status and duration (ms, from `at` of start and end).
 */
export function withToolEvent(parts: readonly Part[], data: ToolEventData, at: Date): Part[] {
	const id = typeof data['toolCallId'] === 'string' ? data['toolCallId'] : '';
	if (id === '') {
		return [...parts];
	}

	const index = parts.findIndex(part => part.type === 'toolCall' && part.id === id);
	const existing = index === -1 ? undefined : (parts[index] as ToolCallPart);
	const phase = data['phase'];
	let next: ToolCallPart;
	if (phase === 'start' || existing === undefined) {
		const name = typeof data['name'] === 'string' ? data['name'] : (existing?.name ?? 'tool');
		next = {...existing, type: 'toolCall', id, name, status: existing?.status ?? 'running', startedAt: existing?.startedAt ?? at.toISOString()};
		if (data['args'] !== undefined) {
			next.arguments = data['args'];
		}
	} else {
		next = existing;
	}

	if (phase === 'update' && data['partialResult'] !== undefined) {
		next = {...next, result: toolResultText(data['partialResult'])};
	}

	if (phase === 'result') {
		const started = next.startedAt ? Date.parse(next.startedAt) : Number.NaN;
		next = {
			...next,
			status: data['isError'] === true ? 'error' : 'done',
			...(data['result'] !== undefined && {result: toolResultText(data['result'])}),
			...(Number.isFinite(started) && {durationMs: Math.max(0, at.getTime() - started)}),
		};
	}

	return index === -1 ? [...parts, next] : parts.map((part, i) => (i === index ? next : part));
}

/**
 * Applies an `agent` event of stream `item` of kind `tool`, which a gateway sends every operator connection
 * (recorded: `{toolCallId, name, kind: "tool", phase: start|end, status: running|completed|failed, meta, startedAt, endedAt}`):
 * the way tool calls of runs another client started show live. Same parts as `withToolEvent`, by `toolCallId`.
 */
export function withToolItem(parts: readonly Part[], data: ToolEventData): Part[] {
	const id = typeof data['toolCallId'] === 'string' ? data['toolCallId'] : '';
	if (id === '' || data['kind'] !== 'tool') {
		return [...parts];
	}

	const index = parts.findIndex(part => part.type === 'toolCall' && part.id === id);
	const existing = index === -1 ? undefined : (parts[index] as ToolCallPart);
	const name = typeof data['name'] === 'string' ? data['name'] : (existing?.name ?? 'tool');
	const summary = typeof data['meta'] === 'string' ? data['meta'] : existing?.summary;
	const startedAt = typeof data['startedAt'] === 'number' ? data['startedAt'] : undefined;
	const endedAt = typeof data['endedAt'] === 'number' ? data['endedAt'] : undefined;
	const ended = data['phase'] === 'end';
	const failed = data['status'] === 'failed' || data['status'] === 'error';
	const next: ToolCallPart = {
		...existing,
		type: 'toolCall',
		id,
		name,
		status: ended ? (failed || existing?.status === 'error' ? 'error' : 'done') : (existing?.status ?? 'running'),
		...(summary && {summary}),
		...(existing?.startedAt === undefined && startedAt !== undefined && {startedAt: new Date(startedAt).toISOString()}),
		...(existing?.durationMs === undefined && ended && startedAt !== undefined && endedAt !== undefined && {durationMs: Math.max(0, endedAt - startedAt)}),
	};
	return index === -1 ? [...parts, next] : parts.map((part, i) => (i === index ? next : part));
}

/**
 * The gateway's parts for a reply (from history: the truth of what was said and done) with what only this client
 * saw live kept: a tool call's start, duration and the gateway's summary, which history rows do not carry.
 */
export function withLiveDetails(fromHistory: readonly Part[], live: readonly Part[] | undefined): Part[] {
	const seen = new Map((live ?? []).flatMap(part => (part.type === 'toolCall' ? [[part.id, part] as const] : [])));
	return fromHistory.map(part => {
		const known = part.type === 'toolCall' ? seen.get(part.id) : undefined;
		if (part.type !== 'toolCall' || known === undefined) {
			return part;
		}

		return {
			...part,
			...(part.startedAt === undefined && known.startedAt !== undefined && {startedAt: known.startedAt}),
			...(part.durationMs === undefined && known.durationMs !== undefined && {durationMs: known.durationMs}),
			...(part.summary === undefined && known.summary !== undefined && {summary: known.summary}),
		};
	});
}

/** A finished reply has no running tool call: one whose result never came is ended as it stands. */
export function settleParts(parts: readonly Part[]): Part[] {
	return parts.map(part => (part.type === 'toolCall' && part.status === 'running' ? {...part, status: 'done'} : part));
}

/**
 * The live text of a streaming reply, placed after its other parts. `text` is the gateway's cumulative
 * snapshot; when it still holds the text of earlier parts (before a tool call), only what follows is new.
 */
export function withLiveText(parts: readonly Part[], text: string): Part[] {
	const lastOther = parts.findLastIndex(part => part.type !== 'text');
	const before = parts.slice(0, lastOther + 1);
	const earlier = before.filter(part => part.type === 'text').map(part => part.text).join('');
	const tail = earlier !== '' && text.startsWith(earlier) ? text.slice(earlier.length) : text;
	return tail === '' ? before : [...before, {type: 'text', text: tail}];
}

/** Adds a thinking delta to the reply: to the thinking part being written, or as a new one after the last part. */
export function withThinking(parts: readonly Part[], text: string, replace: boolean): Part[] {
	const last = parts.at(-1);
	if (last?.type === 'thinking') {
		return [...parts.slice(0, -1), {type: 'thinking', text: replace ? text : last.text + text}];
	}

	return [...parts, {type: 'thinking', text}];
}

/** Usage from a row or event (`{input, output, totalTokens, cost: {total}}`) in the session file's terms. */
export function usageFrom(payload: UsagePayload | undefined, model?: string, provider?: string): Usage | undefined {
	const usage: Usage = {
		...(model && {model}),
		...(provider && {provider}),
		...(payload?.input !== undefined && {inputTokens: payload.input}),
		...(payload?.output !== undefined && {outputTokens: payload.output}),
		...(payload?.totalTokens !== undefined && {totalTokens: payload.totalTokens}),
		...(payload?.cost?.total !== undefined && {cost: payload.cost.total}),
	};
	return Object.keys(usage).length === 0 ? undefined : usage;
}

/** Whether `parts` say more than their text does (a reply that is only text keeps no parts). */
export function hasStructure(parts: readonly Part[]): boolean {
	return parts.some(part => part.type !== 'text');
}
