/** Agents that write the embedded gateway's replies: an offline one by default, or any OpenAI-compatible endpoint. */
import {TetherError} from '../errors.js';
import {hideUserinfo, urlCredentials} from '../text/url-credentials.js';

export type AgentTurn = {role: 'user' | 'assistant'; text: string};

/** The one model an agent runs, as `models.list` names it (FINDINGS (e): `{id, name, provider, contextWindow}`). */
export type AgentModel = {
	id: string;
	name: string;
	provider: string;
	contextWindow?: number;
	/** Where an OpenAI-compatible model is served: host (and port) only, never a path or credentials. */
	host?: string;
};

/** Tokens one reply cost, as a history row's `usage` says it (FINDINGS (b): `{input, output, totalTokens}`). */
export type AgentUsage = {input: number; output: number; totalTokens: number};

/** Why a model call is being tried again: OpenClaw's `failoverReason` names (FINDINGS (a)). */
export type RetryReason = 'rate_limit' | 'server_error';

/** A failed model call about to be tried again; `attempt` is the one about to start (FINDINGS (a): `attempt: 2` after the first failed). */
export type AgentRetry = {attempt: number; maxAttempts: number; reason: RetryReason; delayMs: number; status: number};

/** What an agent reports beside its words. */
export type AgentUpdate = {type: 'usage'; usage: AgentUsage} | {type: 'retry'; retry: AgentRetry};

/**
 * Streams a reply: strings are text increments, updates report usage and retries. Stops when the signal aborts;
 * throws AgentError for upstream failures it gave up on.
 */
export type Agent = {
	readonly name: string;
	/** Agents that do not say get `{id: name, provider: "tether"}`. */
	readonly model?: AgentModel;
	reply(history: readonly AgentTurn[], signal: AbortSignal): AsyncIterable<string | AgentUpdate>;
};

export class AgentError extends TetherError {}

/** Waits `ms`, or less if the signal aborts; injectable so tests need not wait out a backoff. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

const sleep: Sleep = async (ms, signal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		});
	});

/** The model the agent runs, with the default for agents that do not name one. */
export function agentModel(agent: Agent): AgentModel {
	return agent.model ?? {id: agent.name, name: agent.name, provider: 'tether'};
}

/** Needs no network and says so; streams word by word so that streaming is visible. */
export function offlineAgent(wordDelayMs = 40): Agent {
	return {
		name: 'offline',
		model: {id: 'echo', name: 'Echo (offline)', provider: 'tether'},
		async *reply(history, signal) {
			const last = history.at(-1)?.text ?? '';
			const reply = `I am Tether's offline agent: no model is configured, so I can only echo. You said: “${last}”. To talk to a real model (Ollama, llama.cpp, vLLM, OpenAI), run tether config set agent.base_url URL and tether config set agent.model NAME, then tether serve --restart; or point Tether at an OpenClaw gateway with --gateway.`;
			for (const [index, word] of reply.split(' ').entries()) {
				if (signal.aborted) {
					return;
				}

				await sleep(wordDelayMs, signal);
				yield index === 0 ? word : ` ${word}`;
			}
		},
	};
}

/** How often a failed model call is made in all, and how long to wait between tries. */
export type RetryPolicy = {
	maxAttempts: number;
	/** Wait before try n+1 when the server does not say (`retry-after`): `baseDelayMs · 2^(n-1)`. */
	baseDelayMs: number;
	/** A `retry-after` longer than this is cut to it: the user is waiting. */
	maxDelayMs: number;
};

export const defaultRetryPolicy: RetryPolicy = {maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000};

export type OpenAiOptions = {
	/** May carry `user:password@`: sent as HTTP Basic (instead of the API key), never shown or stored. */
	baseUrl: string;
	model: string;
	apiKey?: string;
	contextWindow?: number;
	retry?: RetryPolicy;
	sleep?: Sleep;
	/** The clock a `retry-after` date is read against. */
	now?: () => number;
};

/**
 * Streams chat completions (SSE) from an OpenAI-compatible endpoint, with the session's history as context.
 * A 429 or 5xx before any word is tried again (bounded by the policy), and each retry is reported.
 * Credentials in the base URL go in the `Authorization` header (fetch refuses a URL holding them, and its error
 * quoted the password); they take the place of the API key, being the ones given for this very endpoint.
 */
export function openAiAgent(options: OpenAiOptions): Agent {
	const endpoint = splitCredentials(options.baseUrl);
	const url = `${endpoint.url.replace(/\/+$/, '')}/chat/completions`;
	const host = hostOf(options.baseUrl);
	const authorization = endpoint.authorization ?? (options.apiKey && `Bearer ${options.apiKey}`);
	const policy = options.retry ?? defaultRetryPolicy;
	const wait = options.sleep ?? sleep;
	const now = options.now ?? Date.now;
	return {
		name: `${options.model} at ${host}`,
		model: {id: options.model, name: options.model, provider: 'openai-compatible', host, ...(options.contextWindow && {contextWindow: options.contextWindow})},
		async *reply(history, signal) {
			for (let attempt = 1; ; attempt++) {
				let response: Response;
				try {
					response = await fetch(url, {
						method: 'POST',
						signal,
						headers: {'content-type': 'application/json', ...(authorization && {authorization})},
						body: JSON.stringify({
							model: options.model,
							stream: true,
							stream_options: {include_usage: true},
							messages: history.map(turn => ({role: turn.role, content: turn.text})),
						}),
					});
				} catch (error) {
					if (signal.aborted) {
						return;
					}

					throw new AgentError(`cannot reach the model at ${host}: ${hideUserinfo(fetchFailure(error))}`);
				}

				if (response.ok && response.body) {
					yield* completionStream(response.body, signal);
					return;
				}

				const reason = retryReason(response.status);
				if (reason && attempt < policy.maxAttempts) {
					await response.body?.cancel();
					const delayMs = retryDelay(response.headers.get('retry-after'), attempt, policy, now());
					yield {type: 'retry', retry: {attempt: attempt + 1, maxAttempts: policy.maxAttempts, reason, delayMs, status: response.status}};
					await wait(delayMs, signal);
					if (signal.aborted) {
						return;
					}

					continue;
				}

				const said = hideUserinfo(endpointMessage(await response.text().catch(() => '')));
				throw new AgentError(`the model at ${host} answered HTTP ${response.status}${said ? `: ${said}` : ''}`);
			}
		},
	};
}

/** Why fetch failed: it says only "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND, bad port…). */
export function fetchFailure(error: unknown): string {
	const cause = (error as Error & {cause?: {code?: unknown; message?: unknown}}).cause;
	return typeof cause?.code === 'string' ? cause.code : (typeof cause?.message === 'string' ? cause.message : (error as Error).message);
}

/**
 * What an endpoint said in an error body, in one line of at most 300 characters: OpenAI's (and Ollama's, vLLM's)
 * `{"error": {"message": …}}`, `{"error": "…"}` or `{"message": …}`, else the body's text.
 */
export function endpointMessage(body: string): string {
	let said = body;
	try {
		const parsed = JSON.parse(body) as {error?: unknown; message?: unknown};
		const error = parsed.error as {message?: unknown} | string | undefined;
		const fromError = typeof error === 'string' ? error : error?.message;
		const message = typeof fromError === 'string' ? fromError : (typeof parsed.message === 'string' ? parsed.message : undefined);
		said = message ?? body;
	} catch {}

	const line = said.replaceAll(/\s+/g, ' ').trim();
	return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

function retryReason(status: number): RetryReason | undefined {
	return status === 429 ? 'rate_limit' : (status >= 500 && status <= 599 ? 'server_error' : undefined);
}

/** `retry-after` in seconds or as an HTTP date, else exponential backoff; never more than the policy's cap. */
export function retryDelay(retryAfter: string | null, attempt: number, policy: RetryPolicy, now: number): number {
	const seconds = retryAfter === null || retryAfter.trim() === '' ? Number.NaN : Number(retryAfter);
	const date = retryAfter === null || Number.isFinite(seconds) ? Number.NaN : Date.parse(retryAfter);
	const asked = Number.isFinite(seconds) ? seconds * 1000 : (Number.isFinite(date) ? date - now : Number.NaN);
	const delay = Number.isFinite(asked) ? asked : policy.baseDelayMs * 2 ** (attempt - 1);
	return Math.round(Math.min(policy.maxDelayMs, Math.max(0, delay)));
}

/** A base URL without its userinfo, and that userinfo as an Authorization header; a string that is no URL as it is. */
export function splitCredentials(baseUrl: string): {url: string; authorization?: string} {
	try {
		return urlCredentials(baseUrl);
	} catch {
		return {url: baseUrl};
	}
}

/** The host (and port) of a base URL: what may be shown of it, since a URL can carry a password. */
export function hostOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).host || 'the configured endpoint';
	} catch {
		return 'the configured endpoint';
	}
}

async function* completionStream(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncIterable<string | AgentUpdate> {
	const decoder = new TextDecoder();
	let buffered = '';
	for await (const chunk of body) {
		if (signal.aborted) {
			return;
		}

		buffered += decoder.decode(chunk, {stream: true});
		const lines = buffered.split('\n');
		buffered = lines.pop() ?? '';
		for (const line of lines) {
			const data = line.startsWith('data:') ? line.slice(5).trim() : '';
			if (data === '[DONE]') {
				return;
			}

			yield* data ? completionChunk(data) : [];
		}
	}
}

type CompletionChunk = {
	choices?: Array<{delta?: {content?: unknown}}>;
	usage?: {prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown} | null;
};

/** A chunk's text, and its usage (sent on the last chunk when `stream_options.include_usage` is honoured). */
function completionChunk(data: string): Array<string | AgentUpdate> {
	let parsed: CompletionChunk;
	try {
		parsed = JSON.parse(data) as CompletionChunk;
	} catch {
		return [];
	}

	const content = parsed.choices?.[0]?.delta?.content;
	const out: Array<string | AgentUpdate> = typeof content === 'string' && content ? [content] : [];
	const usage = parsed.usage;
	if (usage && typeof usage.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number') {
		const total = typeof usage.total_tokens === 'number' ? usage.total_tokens : usage.prompt_tokens + usage.completion_tokens;
		out.push({type: 'usage', usage: {input: usage.prompt_tokens, output: usage.completion_tokens, totalTokens: total}});
	}

	return out;
}
