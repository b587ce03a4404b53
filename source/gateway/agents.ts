/** Agents that write the embedded gateway's replies: an offline one by default, or any OpenAI-compatible endpoint. */
import {TetherError} from '../errors.js';

export type AgentTurn = {role: 'user' | 'assistant'; text: string};

/** Streams a reply as text increments; stops when the signal aborts. Throws AgentError for upstream failures. */
export type Agent = {
	readonly name: string;
	reply(history: readonly AgentTurn[], signal: AbortSignal): AsyncIterable<string>;
};

export class AgentError extends TetherError {}

const sleep = async (ms: number, signal: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		});
	});

/** Needs no network and says so; streams word by word so that streaming is visible. */
export function offlineAgent(wordDelayMs = 40): Agent {
	return {
		name: 'offline',
		async *reply(history, signal) {
			const last = history.at(-1)?.text ?? '';
			const reply = `I am Tether's offline agent: no model is configured, so I can only echo. You said: “${last}”. To talk to a real model, set TETHER_OPENAI_BASE_URL (Ollama, llama.cpp, vLLM, OpenAI) or point Tether at an OpenClaw gateway with --gateway.`;
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

export type OpenAiOptions = {baseUrl: string; model: string; apiKey?: string};

/** Streams chat completions (SSE) from an OpenAI-compatible endpoint, with the session's history as context. */
export function openAiAgent(options: OpenAiOptions): Agent {
	const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
	return {
		name: `${options.model} at ${options.baseUrl}`,
		async *reply(history, signal) {
			let response: Response;
			try {
				response = await fetch(url, {
					method: 'POST',
					signal,
					headers: {'content-type': 'application/json', ...(options.apiKey && {authorization: `Bearer ${options.apiKey}`})},
					body: JSON.stringify({model: options.model, stream: true, messages: history.map(turn => ({role: turn.role, content: turn.text}))}),
				});
			} catch (error) {
				if (signal.aborted) {
					return;
				}

				throw new AgentError(`cannot reach the model at ${options.baseUrl}: ${(error as Error).message}`);
			}

			if (!response.ok || !response.body) {
				const body = (await response.text().catch(() => '')).slice(0, 200);
				throw new AgentError(`the model at ${options.baseUrl} answered ${response.status}${body ? `: ${body}` : ''}`);
			}

			yield* completionDeltas(response.body, signal);
		},
	};
}

async function* completionDeltas(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncIterable<string> {
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

			const delta = data ? deltaContent(data) : '';
			if (delta) {
				yield delta;
			}
		}
	}
}

function deltaContent(data: string): string {
	try {
		const parsed = JSON.parse(data) as {choices?: Array<{delta?: {content?: unknown}}>};
		const content = parsed.choices?.[0]?.delta?.content;
		return typeof content === 'string' ? content : '';
	} catch {
		return '';
	}
}

/** The agent the environment asks for: TETHER_OPENAI_BASE_URL (+ TETHER_MODEL, OPENAI_API_KEY), else offline. */
export function agentFromEnvironment(env = process.env): Agent {
	const baseUrl = env.TETHER_OPENAI_BASE_URL;
	if (!baseUrl) {
		return offlineAgent();
	}

	return openAiAgent({baseUrl, model: env.TETHER_MODEL ?? 'llama3.2', ...(env.OPENAI_API_KEY && {apiKey: env.OPENAI_API_KEY})});
}
