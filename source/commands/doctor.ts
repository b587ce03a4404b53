/**
 * `tether doctor`: what Tether would use and whether it works, one line per check; secrets are never shown.
 * `--json` prints `{ok: boolean, checks: [{check, ok, detail}]}`, `check` one of the ids in `checkIds`.
 */
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {minimumNode, supportedNode} from '../node-version.js';
import {identityFileName} from '../auth/device-identity.js';
import {DeviceTokens, deviceTokensFileName} from '../auth/device-tokens.js';
import {loadCatalog} from '../store/catalog.js';
import {sanitizeLine} from '../text/sanitize.js';
import {version} from '../version.js';
import type {Command} from './command.js';
import type {Context} from './context.js';

type Check = {ok: boolean; label: string; detail: string};

/** The `check` ids `--json` may give, in the order they are made (the embedded port, or the three credential checks). */
export const checkIds = ['tether', 'config', 'sessions', 'gateway', 'embedded-port', 'token', 'device-key', 'device-token', 'connection'] as const;

/** A check's label as a stable id for scripts: `device key` is `device-key`. */
const checkId = (label: string) => label.replaceAll(' ', '-');

export const doctor: Command = {
	name: 'doctor',
	summary: 'check the setup: config, sessions, gateway, credentials and the connection (secrets never shown)',
	usage: 'doctor [--json]',
	details: 'Exits 1 if any check fails. Tokens and keys are reported as set or not, never shown. --json prints {"ok": true|false, "checks": [{"check": "tether"|"config"|"sessions"|"gateway"|"embedded-port"|"token"|"device-key"|"device-token"|"connection", "ok": true|false, "detail": "…"}]}.',
	options: {json: {type: 'boolean'}},
	optionHelp: {json: 'print the checks as JSON: {ok, checks: [{check, ok, detail}]}'},
	async run({values}, getContext) {
		const context = getContext();
		const embedded = context.gatewayLabel === 'embedded';
		const checks: Check[] = [
			supportedNode(process.version)
				? {ok: true, label: 'tether', detail: `${version} on Node ${process.version}`}
				: {ok: false, label: 'tether', detail: `${version} needs Node ${minimumNode} or newer; this is Node ${process.version}`},
			await privateFile('config', context.config.path, 'not written yet'),
			await sessions(context),
			{ok: true, label: 'gateway', detail: `${sanitizeLine(context.gatewayLabel)} (${context.gatewayOrigin ?? 'the default'})`},
			...(embedded ? [await port(context), ...(await agent(context))] : await credentials(context)),
			await connection(context),
		];
		const ok = checks.every(check => check.ok);
		if (values.json === true) {
			const shaped = checks.map(check => ({check: checkId(check.label), ok: check.ok, detail: check.detail}));
			context.io.stdout.write(`${JSON.stringify({ok, checks: shaped}, undefined, '\t')}\n`);
			return ok ? 0 : 1;
		}

		const width = Math.max(...checks.map(check => check.label.length));
		context.io.stdout.write(`${checks.map(check => `${check.ok ? 'ok ' : 'BAD'}  ${check.label.padEnd(width)}  ${check.detail}`).join('\n')}\n`);
		return ok ? 0 : 1;
	},
};

async function privateFile(label: string, file: string, missing: string): Promise<Check> {
	const info = await stat(file).catch(() => undefined);
	if (!info) {
		return {ok: true, label, detail: `${file} (${missing})`};
	}

	const mode = info.mode & 0o777;
	return mode & 0o077 ? {ok: false, label, detail: `${file} can be read by others (mode ${mode.toString(8)}): chmod 600 it`} : {ok: true, label, detail: file};
}

async function sessions(context: Context): Promise<Check> {
	const catalog = await loadCatalog(context.sessionsDir);
	const damaged = catalog.filter(summary => summary.damaged).map(summary => summary.name);
	return damaged.length > 0
		? {ok: false, label: 'sessions', detail: `${context.sessionsDir}: ${damaged.length} damaged (${damaged.join(', ')}): tether recover NAME`}
		: {ok: true, label: 'sessions', detail: `${context.sessionsDir} (${catalog.length})`};
}

async function credentials(context: Context): Promise<Check[]> {
	const {tokenOrigin} = context;
	const directory = context.config.directory;
	const identity = await privateFile('device key', path.join(directory, identityFileName), 'created on the first connect');
	const issued = await new DeviceTokens(path.join(directory, deviceTokensFileName)).has(context.gatewayLabel).catch(() => false);
	const token = tokenOrigin ? `set (${tokenOrigin}), hidden` : (issued ? 'not set (the device token serves)' : 'not set, and no device token yet: pass --token or set OPENCLAW_GATEWAY_TOKEN');
	return [
		{ok: tokenOrigin !== undefined || issued, label: 'token', detail: token},
		identity,
		{ok: true, label: 'device token', detail: issued ? 'issued by this gateway, hidden' : 'none yet (the gateway issues one once the device is paired)'},
	];
}

/** The embedded gateway's port must be free (it starts there) or held by this data dir's live gateway. */
async function port(context: Context): Promise<Check> {
	const {defaultEmbeddedPort} = await import('../gateway/daemon.js');
	const {embeddedHost, embeddedPort, portHeldMessage} = await import('./embedded-port.js');
	const wanted = context.values['embedded.port'] ?? defaultEmbeddedPort;
	const held = await embeddedPort(context.gatewayDir, wanted);
	const where = `${embeddedHost}:${wanted}`;
	switch (held.holder) {
		case 'nobody': {
			return {ok: true, label: 'embedded port', detail: `${where} is free (the gateway starts there on the first attach or send)`};
		}

		case 'gateway': {
			return {ok: true, label: 'embedded port', detail: `${where}: the embedded gateway (pid ${held.pid})`};
		}

		case 'other': {
			return {ok: false, label: 'embedded port', detail: portHeldMessage(wanted)};
		}
	}
}

/**
 * The embedded gateway's agent: what runs (or would start), whether that is what the settings ask for, whether its
 * model endpoint answers `/models` and lists the model, and the gateway's last health check.
 */
async function agent(context: Context): Promise<Check[]> {
	const {agentMismatch} = await import('../gateway/agent-settings.js');
	const {readDaemonState} = await import('../gateway/daemon.js');
	const {describeHealth, readHealth} = await import('../gateway/health.js');
	const {probeModelEndpoint} = await import('../gateway/model-endpoint.js');
	const {formatDuration} = await import('../session/notices.js');
	const title = sanitizeLine(await context.gatewayTitle());
	let settings;
	try {
		settings = context.agentSettings();
	} catch (error) {
		return [{ok: false, label: 'agent', detail: sanitizeLine((error as Error).message)}];
	}

	const running = await readDaemonState(context.gatewayDir);
	const differs = agentMismatch(running?.agent, settings);
	const origin = settings.kind === 'openai' ? ` (${settings.origin})` : '';
	const probe = await probeModelEndpoint(settings, context.io.env);
	const health = running && (await readHealth(context.gatewayDir));
	return [
		differs ? {ok: false, label: 'agent', detail: sanitizeLine(differs)} : {ok: true, label: 'agent', detail: `${title}${origin}`},
		{ok: probe.ok, label: 'model endpoint', detail: sanitizeLine(probe.detail)},
		...(health ? [{ok: health.ok, label: 'health', detail: sanitizeLine(`last check ${describeHealth(health, Date.now(), formatDuration)}`)}] : []),
	];
}

/** One connection attempt, as a session would make it, without starting an embedded gateway that is not running. */
async function connection(context: Context): Promise<Check> {
	const endpoint = await context.runningEndpoint().catch((error: unknown) => error as Error);
	if (endpoint instanceof Error) {
		return {ok: false, label: 'connection', detail: sanitizeLine(endpoint.message)};
	}

	if (!endpoint) {
		return {ok: true, label: 'connection', detail: 'the embedded gateway is not running; it starts with the first attach or send'};
	}

	const {Link} = await import('../connection/link.js');
	const link = new Link({endpoint: async () => endpoint, policy: {...context.policy, maxAttempts: 1, pingIntervalMs: 0}});
	const started = Date.now();
	const result = await new Promise<Check>(resolve => {
		link.on('pairing', request => resolve({ok: false, label: 'connection', detail: request.message}));
		link.on('state', state => {
			if (state.kind === 'open') {
				const hello = link.hello!;
				resolve({ok: true, label: 'connection', detail: `connected in ${Date.now() - started} ms (gateway ${sanitizeLine(hello.server.version)}, protocol ${hello.protocol})`});
			} else if (state.kind === 'failed' || state.kind === 'offline' || (state.kind === 'backoff' && state.lastError)) {
				resolve({ok: false, label: 'connection', detail: sanitizeLine(state.lastError ?? 'failed')});
			}
		});
		link.start();
	});
	link.stop();
	return result;
}
