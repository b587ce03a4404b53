/**
 * Does the model endpoint answer, and does it serve the configured model? One `GET {base}/models` (OpenAI's list,
 * which Ollama, llama.cpp and vLLM serve too); `tether doctor` and the gateway's health check ask it.
 */
import {hideUserinfo} from '../text/url-credentials.js';
import {endpointMessage, fetchFailure, hostOf, splitCredentials} from './agents.js';
import type {AgentSettings} from './agent-settings.js';

export type ProbeResult = {ok: boolean; detail: string};

export type ProbeOptions = {
	/** Injected by tests; the global fetch otherwise. */
	fetch?: typeof fetch;
	/** How long to wait for the answer (ms). */
	timeoutMs?: number;
};

const defaultTimeoutMs = 5000;

/**
 * Asks the endpoint for its models, with the key from the variable `settings` name in `env`. Never throws: the
 * answer is ok only when the endpoint answered 2xx and listed the model (Ollama's `NAME:latest` counts as `NAME`).
 * The detail names host and port only, never the URL (it may carry a password).
 */
export async function probeModelEndpoint(settings: AgentSettings, env: NodeJS.ProcessEnv, options: ProbeOptions = {}): Promise<ProbeResult> {
	if (settings.kind === 'offline') {
		return {ok: true, detail: 'offline echo (no model endpoint to check)'};
	}

	const host = hostOf(settings.baseUrl);
	const apiKey = env[settings.apiKeyEnv];
	// Userinfo in the base URL goes in the header, as the agent sends it (fetch refuses a URL holding it).
	const endpoint = splitCredentials(settings.baseUrl);
	const authorization = endpoint.authorization ?? (apiKey && `Bearer ${apiKey}`);
	const get = options.fetch ?? fetch;
	let response: Response;
	try {
		response = await get(`${endpoint.url.replace(/\/+$/, '')}/models`, {
			headers: authorization ? {authorization} : {},
			signal: AbortSignal.timeout(options.timeoutMs ?? defaultTimeoutMs),
		});
	} catch (error) {
		return {ok: false, detail: `cannot reach the model endpoint ${host}: ${hideUserinfo(fetchFailure(error))}`};
	}

	const body = await response.text().catch(() => '');
	if (!response.ok) {
		const said = endpointMessage(body);
		return {ok: false, detail: `the model endpoint ${host} answered /models with HTTP ${response.status}${said ? `: ${said}` : ''}`};
	}

	const ids = modelIds(body);
	if (ids === undefined) {
		return {ok: false, detail: `the model endpoint ${host} answered /models with something that is not a model list`};
	}

	if (ids.some(id => id === settings.model || id === `${settings.model}:latest`)) {
		return {ok: true, detail: `${host} answers and serves ${settings.model}`};
	}

	const some = ids.slice(0, 5).join(', ');
	return {
		ok: false,
		detail: `${host} answers, but does not list ${settings.model}${ids.length > 0 ? ` (it has ${some}${ids.length > 5 ? ', …' : ''})` : ' (it lists no model)'}: pull it, or tether config set agent.model NAME`,
	};
}

/** The ids of OpenAI's `{data: [{id}]}`, or undefined for any other shape. */
function modelIds(body: string): string[] | undefined {
	try {
		const parsed = JSON.parse(body) as {data?: unknown};
		return Array.isArray(parsed.data) ? parsed.data.flatMap(model => (typeof (model as {id?: unknown}).id === 'string' ? [(model as {id: string}).id] : [])) : undefined;
	} catch {
		return undefined;
	}
}
