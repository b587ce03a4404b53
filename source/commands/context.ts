/**
 * What every command needs, resolved once from flags, environment and the config file. What only a
 * connection needs (the embedded gateway's daemon, device credentials) is loaded when a command connects.
 */
import {isLoopback} from '../connection/loopback.js';
import {Config} from '../config/config.js';
import type {ConfigValues} from '../config/keys.js';
import {EndpointRefused, EndpointUnavailable} from '../connection/errors.js';
import type {Endpoint} from '../connection/link.js';
import {defaultLinkPolicy, type LinkPolicy} from '../connection/policy.js';
import {agentLabel, agentMismatch, agentSettings, type AgentSettings} from '../gateway/agent-settings.js';
import {resolveGatewayDir, resolveSessionsDir} from '../store/location.js';
import {hideUserinfo} from '../text/url-credentials.js';

export type GlobalFlags = {
	gateway?: string;
	token?: string;
	'sessions-dir'?: string;
	'data-dir'?: string;
	insecure?: boolean;
	'tls-fingerprint'?: string;
};

export type Io = {
	stdout: NodeJS.WritableStream & {isTTY?: boolean; columns?: number; rows?: number};
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	env: NodeJS.ProcessEnv;
};

export type Context = {
	io: Io;
	config: Config;
	values: ConfigValues;
	sessionsDir: string;
	gatewayDir: string;
	/** The gateway as the user will recognise it: a URL, or "embedded". */
	gatewayLabel: string;
	/** Where the gateway URL and the token came from (`--token`, `env …`, `config …`), if set. */
	gatewayOrigin: string | undefined;
	tokenOrigin: string | undefined;
	endpoint: () => Promise<Endpoint>;
	/** The gateway if it can be reached without starting anything (the embedded one only if it runs). */
	runningEndpoint: () => Promise<Endpoint | undefined>;
	/**
	 * The gateway as the status line names it: the URL, or `embedded · llama3.2 @ 127.0.0.1:11434` (the agent the
	 * running embedded gateway recorded, else the one it would start with).
	 */
	gatewayTitle: () => Promise<string>;
	/** The embedded gateway's agent as this client's config and environment ask for it; throws UsageError if they are incomplete. */
	agentSettings: () => AgentSettings;
	/**
	 * Where a client tells the user something about the gateway that is not an error (its agent differs from the
	 * settings): stderr by default; the TUI puts it in the transcript. Each distinct line is said once per process.
	 */
	warn: (line: string) => void;
	policy: LinkPolicy;
	/** How the user runs Tether, for hints that name a command: `tether`, or `npm start --` from a checkout. */
	invocation: string;
};

export function createContext(flags: GlobalFlags, io: Io): Context {
	const config = new Config(io.env.TETHER_CONFIG_DIR);
	const values = config.values();
	if (config.unknownKeys.length > 0) {
		// Warned, not refused: a key from a newer version, or a typo, must not lock the user out of every command.
		io.stderr.write(`tether: ignoring ${config.unknownKeys.join(', ')} in ${config.path}: not a key this version knows (tether config unset KEY removes it)\n`);
	}

	const gatewayDir = resolveGatewayDir(flags['data-dir'], io.env);
	const {value: url, origin: gatewayOrigin} = setting(flags.gateway, '--gateway', io.env, 'TETHER_GATEWAY_URL', values['gateway.url'], 'gateway.url');
	const {value: token, origin: tokenOrigin} = setting(flags.token, '--token', io.env, 'OPENCLAW_GATEWAY_TOKEN', values['gateway.token'], 'gateway.token');
	const insecure = flags.insecure === true || values['gateway.allow_insecure'] === true;
	const remote = {
		token,
		insecure,
		configDir: config.directory,
		tlsFingerprint: flags['tls-fingerprint'] ?? values['gateway.tls_fingerprint'],
		approvals: values['gateway.approvals'] === true,
	};
	// Read again each time: a client left running while `tether config set agent.*` and `serve --restart` changed
	// the agent compared the new gateway with the old settings, and said they differed (found by a helper).
	const wanted = () => agentSettings(config.values(), io.env);
	const said = new Set<string>();
	const context: Context = {
		io,
		config,
		values,
		sessionsDir: resolveSessionsDir(flags['sessions-dir'], values.sessionsDir, io.env),
		gatewayDir,
		gatewayLabel: url === undefined ? 'embedded' : hideUserinfo(url),
		gatewayOrigin,
		tokenOrigin,
		endpoint: url
			? remoteEndpoint(url, remote)
			: embeddedEndpoint(gatewayDir, values['embedded.port'], wanted, line => {
					if (!said.has(line)) {
						said.add(line);
						context.warn(line);
					}
				}),
		runningEndpoint: url ? remoteEndpoint(url, remote) : runningEmbedded(gatewayDir),
		gatewayTitle: async () => url ?? `embedded · ${await embeddedAgentLabel(gatewayDir, wanted)}`,
		agentSettings: wanted,
		warn: line => io.stderr.write(`tether: ${line}\n`),
		policy: policyFrom(values),
		invocation: invocationFrom(io.env),
	};
	return context;
}

/**
 * `npm start --` when run by `npm start` in Tether's checkout (npm sets these variables for a script), where
 * `tether` may not be on the PATH or may be another install; else `tether`.
 */
export function invocationFrom(env: NodeJS.ProcessEnv): string {
	return env.npm_lifecycle_event === 'start' && env.npm_package_name === 'tether-chat' ? 'npm start --' : 'tether';
}

/** The first of flag, environment and config file that sets a value (in that order they win), and which it was. */
function setting(flag: string | undefined, flagName: string, env: NodeJS.ProcessEnv, variable: string, config: string | undefined, key: string): {value?: string; origin?: string} {
	const fromEnvOrConfig = env[variable] === undefined ? [config, `config ${key}`] as const : [env[variable], `env ${variable}`] as const;
	const [value, origin] = flag === undefined ? fromEnvOrConfig : [flag, flagName];
	// An empty value (TETHER_GATEWAY_URL= ) means none, whoever set it.
	return value ? {value, origin} : {};
}

export function policyFrom(values: ConfigValues): LinkPolicy {
	const keepAlive = values['session.keep_alive'] ?? true;
	return {
		...defaultLinkPolicy,
		backoff: values['session.reconnect_backoff'] ?? defaultLinkPolicy.backoff,
		maxAttempts: values['session.reconnect_attempts'] ?? defaultLinkPolicy.maxAttempts,
		pingIntervalMs: keepAlive ? (values['session.ping_interval'] ?? 30) * 1000 : 0,
		healthCheckIntervalMs: (values['session.health_check_interval'] ?? 60) * 1000,
	};
}

type RemoteOptions = {token: string | undefined; insecure: boolean; configDir: string; tlsFingerprint: string | undefined; approvals: boolean};

/** An endpoint that fails when first connected to, so a bad URL is reported as the connection's error. */
function refused(reason: string): () => Promise<Endpoint> {
	return async () => {
		throw new EndpointRefused(reason);
	};
}

/** A gateway the user configured: it gets this machine's device identity as well as the token, as OpenClaw expects. */
function remoteEndpoint(url: string, {token, insecure, configDir, tlsFingerprint, approvals}: RemoteOptions): () => Promise<Endpoint> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return refused(`gateway URL ${hideUserinfo(url)} is not a URL`);
	}

	if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
		return refused(`gateway URL ${hideUserinfo(url)} must start with ws:// or wss://`);
	}

	if (parsed.protocol === 'ws:' && token && !isLoopback(parsed.hostname) && !insecure) {
		return refused(`refusing to send the token over plaintext ws:// to ${parsed.hostname}; use wss:// or pass --insecure`);
	}

	if (tlsFingerprint !== undefined && parsed.protocol !== 'wss:') {
		return refused(`--tls-fingerprint needs a wss:// gateway URL, not ${hideUserinfo(url)}`);
	}

	return async () => {
		const {deviceCredentials} = await import('../auth/device-credentials.js');
		// Device tokens are kept per gateway in a file: under the URL as shown, never with its password.
		return {url, ...(token && {token}), device: await deviceCredentials(configDir, hideUserinfo(url)), ...(tlsFingerprint && {tlsFingerprint}), ...(approvals && {approvals})};
	};
}

/**
 * The embedded gateway, started if it is not running. Throws EndpointRefused (the link stops retrying) when another
 * program holds its port: each retry would only start a gateway that cannot listen.
 */
function embeddedEndpoint(dataDir: string, port: number | undefined, settings: () => AgentSettings, warn: (line: string) => void): () => Promise<Endpoint> {
	return async () => {
		const {daemonUrl, defaultEmbeddedPort, EmbeddedGatewayUnavailable, embeddedToken, ensureEmbeddedGateway, readDaemonState} = await import('../gateway/daemon.js');
		let wanted: AgentSettings | Error;
		try {
			wanted = settings();
		} catch (error) {
			wanted = error as Error;
		}

		// Settings a gateway cannot start with refuse at once; a gateway already running serves on, and is named.
		if (wanted instanceof Error && !(await readDaemonState(dataDir))) {
			throw new EndpointRefused(wanted.message);
		}

		const wantedPort = port ?? defaultEmbeddedPort;
		const state = await ensureEmbeddedGateway(dataDir, wantedPort).catch(async (error: unknown) => {
			const {embeddedHost, embeddedPort, portHeldMessage} = await import('./embedded-port.js');
			if ((await embeddedPort(dataDir, wantedPort)).holder === 'other') {
				throw new EndpointRefused(portHeldMessage(wantedPort));
			}

			// Retried; meanwhile a gateway started on the port by hand or by another client is taken at once.
			throw error instanceof EmbeddedGatewayUnavailable ? new EndpointUnavailable(error.message, daemonUrl({host: embeddedHost, port: wantedPort})) : error;
		});
		const differs = wanted instanceof Error ? `${wanted.message}; the embedded gateway runs ${state.agent?.label ?? 'its own agent'}` : agentMismatch(state.agent, wanted);
		if (differs) {
			warn(differs);
		}

		return {url: daemonUrl(state), token: await embeddedToken(dataDir)};
	};
}

/** The running embedded gateway's agent, else the one it would start with (or why it cannot start). */
async function embeddedAgentLabel(dataDir: string, settings: () => AgentSettings): Promise<string> {
	const {readDaemonState} = await import('../gateway/daemon.js');
	const running = await readDaemonState(dataDir);
	if (running?.agent) {
		return running.agent.label;
	}

	try {
		return agentLabel(settings());
	} catch {
		return 'agent not configured';
	}
}

function runningEmbedded(dataDir: string): () => Promise<Endpoint | undefined> {
	return async () => {
		const {daemonUrl, embeddedToken, readDaemonState} = await import('../gateway/daemon.js');
		const state = await readDaemonState(dataDir);
		return state && {url: daemonUrl(state), token: await embeddedToken(dataDir)};
	};
}
