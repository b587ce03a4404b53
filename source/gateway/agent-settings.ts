/**
 * Which agent the embedded gateway runs: from the config file (`agent.*`), overridden for one run by the
 * environment. The gateway reads it at every start and records it, so a client can tell when what runs is not
 * what it asks for. Pure: no I/O.
 */
import type {ConfigValues} from '../config/keys.js';
import {UsageError} from '../errors.js';
import {hostOf, offlineAgent, openAiAgent, type Agent} from './agents.js';

/** The environment variable whose value is sent as the API key when `agent.api_key_env` does not name another. */
export const defaultApiKeyEnv = 'OPENAI_API_KEY';

/** The offline echo, or an OpenAI-compatible endpoint; the key itself is never here, only the variable holding it. */
export type AgentSettings =
	| {kind: 'offline'}
	| {
			kind: 'openai';
			/** As configured, e.g. `http://127.0.0.1:11434/v1`; may carry credentials, so never shown (see `agentLabel`). */
			baseUrl: string;
			model: string;
			apiKeyEnv: string;
			/** Where the base URL came from: `env TETHER_OPENAI_BASE_URL` or `config agent.base_url`. */
			origin: string;
	  };

/** What a running gateway records of its agent (gateway.json): enough to show it and to compare, no secret. */
export type RecordedAgent = {label: string; fingerprint: string};

/**
 * The settings `values` and `env` ask for. `TETHER_OPENAI_BASE_URL` and `TETHER_MODEL` win over `agent.base_url`
 * and `agent.model` (an empty variable counts as unset). Throws UsageError when a base URL is set without a model:
 * a model is never guessed.
 */
export function agentSettings(values: ConfigValues, env: NodeJS.ProcessEnv): AgentSettings {
	const [baseUrl, origin] = env.TETHER_OPENAI_BASE_URL ? [env.TETHER_OPENAI_BASE_URL, 'env TETHER_OPENAI_BASE_URL'] : [values['agent.base_url'], 'config agent.base_url'];
	if (!baseUrl) {
		return {kind: 'offline'};
	}

	const model = env.TETHER_MODEL || values['agent.model'];
	if (!model) {
		throw new UsageError(
			`a model endpoint is set (${origin}) but no model: tether config set agent.model NAME (for example llama3.2), or set TETHER_MODEL for one run`,
		);
	}

	return {kind: 'openai', baseUrl, model, apiKeyEnv: values['agent.api_key_env'] ?? defaultApiKeyEnv, origin};
}

/** `llama3.2 @ 127.0.0.1:11434` or `offline echo`: host and port only, since a URL can carry a password. */
export function agentLabel(settings: AgentSettings): string {
	return settings.kind === 'offline' ? 'offline echo' : `${settings.model} @ ${hostOf(settings.baseUrl)}`;
}

/** The same settings give the same fingerprint; a hash, so gateway.json never holds a URL's password. */
export function agentFingerprint(settings: AgentSettings): string {
	const identity = settings.kind === 'offline' ? ['offline'] : ['openai', settings.baseUrl.replace(/\/+$/, ''), settings.model, settings.apiKeyEnv];
	// Loaded here, not imported: every command reads the agent's settings, and node:crypto costs a reattach's
	// first screen ~5 ms to load (bench/README.md, Reattach).
	return process.getBuiltinModule('node:crypto').createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
}

export function recordedAgent(settings: AgentSettings): RecordedAgent {
	return {label: agentLabel(settings), fingerprint: agentFingerprint(settings)};
}

/**
 * What to tell a client whose settings differ from the running gateway's, or undefined when they agree (or the
 * gateway, from an older version, recorded none).
 */
export function agentMismatch(running: RecordedAgent | undefined, wanted: AgentSettings): string | undefined {
	if (!running || running.fingerprint === agentFingerprint(wanted)) {
		return undefined;
	}

	return `the embedded gateway runs ${running.label}, but your settings ask for ${agentLabel(wanted)}: tether serve --restart restarts it with yours`;
}

/**
 * The agent `settings` name (see agent-settings.ts); the API key is read from the variable they name, in `env`,
 * now, so it never has to be written anywhere.
 */
export function agentFromSettings(settings: AgentSettings, env: NodeJS.ProcessEnv): Agent {
	if (settings.kind === 'offline') {
		return offlineAgent();
	}

	const apiKey = env[settings.apiKeyEnv];
	return openAiAgent({baseUrl: settings.baseUrl, model: settings.model, ...(apiKey && {apiKey})});
}
