/**
 * Every configuration key Tether knows, with its validation and help; OpenClaw's own `session.*` keys as they
 * are. Each is checked by a small parser rather than a zod schema: every command reads the config, and
 * loading zod would cost each of them 25 ms for a dozen simple values.
 */
type Parsed<T> = {ok: true; value: T} | {ok: false; reason: string};
type KeySpec<T> = {parse: (raw: unknown) => Parsed<T>; help: string; secret?: boolean};

function text(pattern?: RegExp, reason = 'must not be empty'): (raw: unknown) => Parsed<string> {
	return raw => (typeof raw === 'string' && raw !== '' && (!pattern || pattern.test(raw)) ? {ok: true, value: raw} : {ok: false, reason});
}

function whole(min: number, max: number): (raw: unknown) => Parsed<number> {
	return raw => {
		const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
		return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? {ok: true, value} : {ok: false, reason: `must be a whole number from ${min} to ${max}`};
	};
}

function oneOf<T extends string>(...choices: T[]): (raw: unknown) => Parsed<T> {
	return raw => (choices.includes(raw as T) ? {ok: true, value: raw as T} : {ok: false, reason: `must be one of ${choices.join(', ')}`});
}

function flag(raw: unknown): Parsed<boolean> {
	return typeof raw === 'boolean' ? {ok: true, value: raw} : (raw === 'true' || raw === 'false' ? {ok: true, value: raw === 'true'} : {ok: false, reason: 'must be true or false'});
}

/** A list of Telegram user ids: a JSON array of them, or (from the command line) ids separated by commas or spaces. */
function userIds(raw: unknown): Parsed<number[]> {
	const items = typeof raw === 'string' ? raw.split(/[\s,]+/).filter(Boolean) : raw;
	const list: unknown[] = Array.isArray(items) ? items : [];
	const ids = list.map(item => (typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item));
	return ids.length > 0 && ids.every(id => typeof id === 'number' && Number.isSafeInteger(id) && id > 0)
		? {ok: true, value: ids as number[]}
		: {ok: false, reason: 'must be Telegram user ids (whole numbers), separated by commas'};
}

export const configKeys = {
	'gateway.url': {parse: text(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL'), help: 'gateway to connect to (default: the embedded gateway)'},
	'gateway.token': {parse: text(), help: 'shared gateway token', secret: true},
	'gateway.tls_fingerprint': {
		parse: text(/^(sha-?256[:/])?([0-9a-f]{2}:?){32}$/i, 'must be a SHA-256 fingerprint (64 hex digits, colons allowed)'),
		help: 'SHA-256 of a self-signed wss:// certificate to trust',
	},
	'gateway.allow_insecure': {parse: flag, help: 'allow a token over plaintext ws:// to a non-loopback host'},
	'gateway.approvals': {parse: flag, help: 'answer the agent\'s exec approvals in the TUI (asks for scope operator.approvals; default false)'},
	'session.keep_alive': {parse: flag, help: 'ping the gateway to detect dead links (default true)'},
	'session.ping_interval': {parse: whole(1, 3600), help: 'seconds between pings (default 30)'},
	'session.reconnect_attempts': {parse: whole(1, 10_000), help: 'attempts in one reconnect burst before going offline (default 10)'},
	'session.reconnect_backoff': {parse: oneOf('exponential', 'linear', 'fixed'), help: 'exponential | linear | fixed (default exponential)'},
	'session.health_check_interval': {
		parse: whole(1, 86_400),
		help: 'seconds between round-trip measurements, and between the embedded gateway\'s health checks (default 60)',
	},
	'tui.details': {parse: flag, help: 'show tool arguments and output, and thinking, in full (default false; Ctrl+O toggles)'},
	'tui.notify': {
		parse: oneOf('bell', 'osc9', 'osc777', 'off'),
		help: 'when a reply ends while the terminal is not focused: bell | osc9 | osc777 (desktop notifications) | off (default bell)',
	},
	'tui.notify_after': {parse: whole(0, 86_400), help: 'seconds a reply must take to notify in a terminal that does not report focus (default 30)'},
	sessionsDir: {parse: text(), help: 'where session files live'},
	'embedded.port': {parse: whole(1, 65_535), help: 'loopback port of the embedded gateway (default 18780)'},
	'recall.embeddings_url': {
		parse: text(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL'),
		help: 'OpenAI-compatible endpoint whose /embeddings recall also ranks by meaning, e.g. http://127.0.0.1:11434/v1 (default: words only)',
	},
	'recall.embeddings_model': {parse: text(/^\S+$/, 'must be a model name without spaces'), help: 'embedding model there, e.g. nomic-embed-text (required with recall.embeddings_url)'},
	'agent.base_url': {
		parse: text(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL'),
		help: 'OpenAI-compatible endpoint of the embedded gateway\'s agent, e.g. http://127.0.0.1:11434/v1 (default: the offline echo)',
	},
	'agent.model': {parse: text(/^\S+$/, 'must be a model name without spaces'), help: 'model the embedded gateway\'s agent runs there, e.g. llama3.2 (required with agent.base_url)'},
	'agent.api_key_env': {
		parse: text(/^[A-Za-z_]\w*$/, 'must be an environment variable name'),
		help: 'environment variable holding the endpoint\'s API key (default OPENAI_API_KEY; the key itself is never stored)',
	},
	'telegram.allowed_users': {parse: userIds, help: 'Telegram user ids the embedded gateway\'s bot serves, e.g. 123456789,987654321 (the token: TETHER_TELEGRAM_TOKEN or the file telegram-token in the config dir)'},
	'telegram.api_root': {parse: text(/^https?:\/\/\S+[^/]$/, 'must be an http(s) URL without a trailing slash'), help: 'Bot API root URL (default https://api.telegram.org; a local Bot API server)'},
} satisfies Record<string, KeySpec<unknown>>;

export type ConfigKey = keyof typeof configKeys;
export type ConfigValues = {[K in ConfigKey]?: (typeof configKeys)[K] extends KeySpec<infer T> ? T : never};

export function isConfigKey(key: string): key is ConfigKey {
	return Object.hasOwn(configKeys, key);
}

export function isSecret(key: ConfigKey): boolean {
	const spec: KeySpec<unknown> = configKeys[key];
	return spec.secret === true;
}
