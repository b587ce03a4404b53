/**
 * One agent run of the embedded gateway: the events a real gateway sends around the model's words, and the
 * reply row it stores. Shapes are the recorded ones (FINDINGS (a); turns.json marks `tool`, `http-429`, `http-500`).
 */
import type {Agent, AgentModel, AgentRetry, AgentTurn, AgentUsage} from './agents.js';
import {defaultAgentId} from './catalog.js';
import type {GatewayRow} from './history.js';
import {hideUserinfo} from '../text/url-credentials.js';

export type Run = {
	runId: string;
	sessionKey: string;
	text: string;
	/** The per-run counter `chat` and `agent` events share (FINDINGS (a)): a status and its run_status mirror share one value. */
	seq: number;
	controller: AbortController;
	done: Promise<void>;
	startedAt: number;
};

/** Sends an event: to every connection, or with `subscribersOf` only to those subscribed to that session's messages. */
export type Publish = (event: string, payload: Record<string, unknown>, subscribersOf?: string) => void;

/** A reply row before the service gives it its ids; `idempotencyKey` marks a terminal failure row. */
export type ReplyRow = Omit<GatewayRow, '__openclaw'>;

export type RunDeps = {
	agent: Agent;
	model: AgentModel;
	publish: Publish;
	now: () => number;
	sessionId: string;
	turns: readonly AgentTurn[];
	store(row: ReplyRow): Promise<void>;
};

/** The shortest time between two deltas of one run. */
const deltaIntervalMs = 100;

export const textContent = (text: string) => [{type: 'text', text}];

/** A zero usage, as rows the model did not write carry it (FINDINGS (b), (d)). */
export const noUsage = {input: 0, output: 0, totalTokens: 0, cacheRead: 0, cacheWrite: 0, cost: {input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0}};

/**
 * Streams the agent's reply as `chat` events, with the status and lifecycle events a real gateway sends:
 * `preparing_context`, lifecycle `start`, `starting_model`, deltas, then lifecycle `end` and `final` (or `aborted`);
 * for a failure lifecycle `error` and `error`. Before each retry: lifecycle `finishing` with the error, then
 * `starting_model` (with `retry` for rate limits only, as recorded) mirrored by run_status `retrying`.
 * A run stopped by shutdown stores and sends nothing: it is run again at the next start.
 */
export async function streamRun(run: Run, deps: RunDeps): Promise<void> {
	const {agent, model, now, publish} = deps;
	const chat = (state: string, fields: Record<string, unknown> = {}, sameSeq = false) => {
		run.seq += sameSeq ? 0 : 1;
		publish('chat', {runId: run.runId, sessionKey: run.sessionKey, agentId: defaultAgentId, seq: run.seq, state, ...fields});
	};

	const agentEvent = (stream: string, data: Record<string, unknown>, sameSeq = false) => {
		run.seq += sameSeq ? 0 : 1;
		const lifecycle = stream === 'lifecycle' ? {sessionId: deps.sessionId} : {};
		publish('agent', {runId: run.runId, stream, data, sessionKey: run.sessionKey, ...lifecycle, agentId: defaultAgentId, seq: run.seq, ts: now(), isHeartbeat: false});
	};

	const status = (phase: string, fields: Record<string, unknown> = {}, runStatus?: Record<string, unknown>) => {
		chat('status', {phase, ...fields});
		agentEvent('run_status', runStatus ?? {phase}, true);
	};

	const retrying = (retry: AgentRetry) => {
		const error = `⚠️ ${model.provider}/${model.id} request failed (HTTP ${retry.status}). Retrying.`;
		agentEvent('lifecycle', {phase: 'finishing', error, errorObservation: {provider: model.provider, model: model.id, failoverReason: retry.reason}, aborted: false, livenessState: 'blocked', endedAt: now()});
		const message =
			retry.reason === 'rate_limit'
				? `Retrying… ${retry.attempt}/${retry.maxAttempts}`
				: `Provider temporarily unavailable. Retrying in ${Math.ceil(retry.delayMs / 1000)}s (${retry.attempt - 1}/${retry.maxAttempts - 1}).`;
		const {attempt, maxAttempts, reason, delayMs} = retry;
		status('starting_model', reason === 'rate_limit' ? {retry: {attempt, maxAttempts, reason}} : {}, {
			phase: 'retrying',
			message,
			retryAttempt: attempt - 1,
			maxRetries: maxAttempts - 1,
			delayMs,
			attempt,
			maxAttempts,
			reason,
		});
	};

	status('preparing_context');
	agentEvent('lifecycle', {phase: 'start', startedAt: run.startedAt});
	status('starting_model');
	// Like OpenClaw, at most one delta per interval: each carries the whole text so far, and a fast model
	// must not make every client parse and draw it a hundred times a second.
	let pending = '';
	let lastEmitAt = -Infinity;
	let usage: AgentUsage | undefined;
	const emitPending = () => {
		if (pending) {
			chat('delta', {deltaText: pending, message: assistantMessage(run.text, now())});
			pending = '';
			lastEmitAt = now();
		}
	};

	const {signal} = run.controller;
	try {
		for await (const chunk of agent.reply(deps.turns, signal)) {
			if (typeof chunk !== 'string') {
				emitPending();
				if (chunk.type === 'usage') {
					usage = chunk.usage;
				} else {
					retrying(chunk.retry);
				}

				continue;
			}

			run.text += chunk;
			pending += chunk;
			if (now() - lastEmitAt >= deltaIntervalMs) {
				emitPending();
			}
		}

		emitPending();
	} catch (error) {
		emitPending();
		if (!signal.aborted) {
			// Stored and sent to every client: no URL credentials, whatever the agent's error quoted.
			const errorMessage = `⚠️ ${hideUserinfo(error instanceof Error ? error.message : String(error))}`;
			// FINDINGS (b): a run that failed for good is an assistant row with stopReason "error" and zero usage.
			await deps.store({
				role: 'assistant',
				content: textContent(errorMessage),
				provider: model.provider,
				model: model.id,
				usage: noUsage,
				stopReason: 'error',
				idempotencyKey: `${run.runId}:terminal-error`,
			});
			agentEvent('lifecycle', {phase: 'error', error: errorMessage, aborted: false, startedAt: run.startedAt, endedAt: now()});
			chat('error', {errorMessage});
			return;
		}
	}

	if (signal.reason === 'shutdown') {
		return;
	}

	const aborted = signal.aborted;
	const message = assistantMessage(run.text, now());
	const stopReason = aborted ? 'aborted' : 'stop';
	await deps.store({...message, provider: model.provider, model: model.id, stopReason, ...(usage && {usage})});
	agentEvent('lifecycle', {phase: 'end', stopReason, aborted, livenessState: 'working', startedAt: run.startedAt, endedAt: now()});
	// The recorded `aborted` event says `stopReason: "rpc"` (openclaw-protocol-notes.md, chat.abort).
	chat(aborted ? 'aborted' : 'final', {message, stopReason: aborted ? 'rpc' : 'stop'});
}

function assistantMessage(text: string, timestamp: number) {
	return {role: 'assistant', content: textContent(text), timestamp};
}
