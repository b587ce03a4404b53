/**
 * What the embedded gateway says about its model and its sessions: `models.list`, `agents.list`, the model
 * `sessions.patch` accepts, chat.history's `defaults`, and the session row (sessions.list, sessionInfo, session.message).
 */
import type {AgentModel} from './agents.js';
import type {GatewayRow, SessionRecord} from './history.js';
import {contentText} from '../protocol/payloads.js';

export const defaultAgentId = 'main';

/** Raised for a request a real gateway would refuse as INVALID_REQUEST; the message is one line for the user. */
export class InvalidRequest extends Error {}

/** `models.list` (FINDINGS (e): `{models: [{id, name, provider, contextWindow, reasoning, supportsTools, …}]}`). */
export function modelsList(model: AgentModel) {
	return {
		models: [
			{
				id: model.id,
				name: model.name,
				provider: model.provider,
				...(model.contextWindow !== undefined && {contextWindow: model.contextWindow}),
				reasoning: false,
				supportsTools: false,
			},
		],
	};
}

/** `agents.list` (FINDINGS (e): `{defaultId: "main", mainKey: "main", agents: [{id: "main", …}], …}`). */
export function agentsList() {
	return {defaultId: defaultAgentId, mainKey: 'main', agents: [{id: defaultAgentId}]};
}

/**
 * The model a `sessions.patch {model}` names, given as `id` or `provider/id` (FINDINGS (e): `"stub/echo"`);
 * null asks for the default. There is one model: any other name is refused, naming the one there is.
 */
export function resolveModel(model: AgentModel, requested: string | null): {modelProvider: string; model: string} {
	const known = [model.id, `${model.provider}/${model.id}`];
	if (requested !== null && !known.includes(requested)) {
		throw new InvalidRequest(`model "${requested}" is not available on this gateway; it has ${model.provider}/${model.id}`);
	}

	return {modelProvider: model.provider, model: model.id};
}

/** chat.history's `defaults` (FINDINGS (b), REC: `{modelProvider, model, contextTokens, …}`). */
export function modelDefaults(model: AgentModel) {
	return {modelProvider: model.provider, model: model.id, ...(model.contextWindow !== undefined && {contextTokens: model.contextWindow})};
}

/**
 * A session row as sessions.list, chat.history's `sessionInfo` and session.message's `session` carry it (REC in
 * turns.json: `key, sessionId, kind, label?, status: "running"|"done", model, modelProvider, inputTokens,
 * outputTokens, totalTokens, contextTokens, lastRunId, hasActiveRun, activeRunIds, …`). Its `totalTokens` is the
 * last answered model call's input, what the context holds (REC: `inputTokens: 2640, totalTokens: 2640`); a failed
 * reply's zero usage says nothing about the context, so it is skipped. `channel` names a channel the session is
 * also open on (SessionRow's `channel` in protocol.schema.json), as the TUI's status line shows it.
 */
export function sessionRow(record: SessionRecord, activeRunIds: readonly string[], model: AgentModel, channel?: string) {
	const last = record.rows.at(-1);
	const used = record.rows.findLast(row => row.role === 'assistant' && row.usage !== undefined && row.provider === model.provider && row.stopReason !== 'error');
	const lastRunId = record.rows.findLast(row => row.__openclaw?.runId !== undefined)?.__openclaw?.runId;
	return {
		key: record.key,
		sessionId: record.sessionId,
		agentId: defaultAgentId,
		kind: 'direct',
		displayName: record.key.split(':').at(-1),
		...(record.label !== undefined && {label: record.label}),
		createdAt: record.createdAt,
		updatedAt: record.updatedAt,
		status: activeRunIds.length > 0 ? 'running' : 'done',
		hasActiveRun: activeRunIds.length > 0,
		activeRunIds: [...activeRunIds],
		modelProvider: model.provider,
		model: model.id,
		...(model.contextWindow !== undefined && {contextTokens: model.contextWindow}),
		...(used && tokens(used)),
		...(lastRunId !== undefined && {lastRunId}),
		...(last && {lastMessagePreview: contentText(last.content).slice(0, 120)}),
		...(channel !== undefined && {channel}),
	};
}

function tokens(row: GatewayRow) {
	const input = row.usage?.input ?? 0;
	return {inputTokens: input, outputTokens: row.usage?.output ?? 0, totalTokens: input, totalTokensFresh: true};
}

/** `sessionInfo` for a session with no rows yet: what it will run on, and that nothing runs. */
export function emptySessionInfo(key: string, model: AgentModel) {
	return {key, agentId: defaultAgentId, status: 'done', hasActiveRun: false, activeRunIds: [], ...modelDefaults(model)};
}
