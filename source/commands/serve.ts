/**
 * `tether serve`: the embedded gateway in the foreground, with the agent the config (or, for this run, the
 * environment) names and a health check; `--stop` stops the background one, `--restart` restarts it with this
 * shell's settings.
 */
import {UsageError} from '../errors.js';
import {agentFromSettings, agentLabel, agentSettings, recordedAgent, type AgentSettings} from '../gateway/agent-settings.js';
import {clearDaemonState, defaultEmbeddedPort, embeddedToken, readDaemonState, stopEmbeddedGateway, writeDaemonState} from '../gateway/daemon.js';
import {dataDirProbe, diskProbe, startHealthMonitor, writeHealth} from '../gateway/health.js';
import {probeModelEndpoint} from '../gateway/model-endpoint.js';
import {startGateway, type RunningGateway} from '../gateway/server.js';
import {currentHost, findServiceManager} from '../gateway/service-manager.js';
import {telegramSettings, TelegramSetupError} from '../gateway/telegram/settings.js';
import {type Command, text} from './command.js';
import {isLoopback} from '../connection/loopback.js';
import {restartEmbedded} from './serve-restart.js';

export const serve: Command = {
	name: 'serve',
	summary: 'run the embedded gateway in the foreground (--stop stops the background one, --restart restarts it)',
	usage: 'serve [--port N] [--host 127.0.0.1] [--allow-remote] [--stop | --restart]',
	details:
		'Clients start the embedded gateway in the background on demand; this runs it in the foreground instead.\n' +
		'It keeps its history in --data-dir (env TETHER_GATEWAY_DIR). Replies come from the offline echo, or from the\n' +
		'OpenAI-compatible endpoint of the config keys agent.base_url and agent.model (the key from the variable\n' +
		'agent.api_key_env names, default OPENAI_API_KEY); TETHER_OPENAI_BASE_URL and TETHER_MODEL override them for\n' +
		'one run. It checks its health every session.health_check_interval seconds (tether doctor shows the result).\n' +
		'With a Telegram bot token (env TETHER_TELEGRAM_TOKEN, or the file telegram-token in the config dir, 0600) and\n' +
		'telegram.allowed_users set, it serves those users from Telegram too.',
	options: {port: {type: 'string'}, host: {type: 'string'}, 'allow-remote': {type: 'boolean'}, stop: {type: 'boolean'}, restart: {type: 'boolean'}},
	optionHelp: {
		port: 'port to listen on (default 18780, 0 for any free port)',
		host: 'address to listen on (default 127.0.0.1; another needs --allow-remote)',
		'allow-remote': 'listen on a non-loopback address, over plain ws:// (put a TLS proxy in front of it)',
		stop: 'stop the background gateway',
		restart: 'restart the background gateway (or the service) so that it runs the agent your settings name',
	},
	async run({positionals, values}, getContext) {
		if (positionals.length > 0) {
			throw new UsageError(`serve takes no arguments; usage: tether ${this.usage}`);
		}

		const context = getContext();
		const {io, gatewayDir} = context;
		if (values.stop === true && values.restart === true) {
			throw new UsageError('serve takes --stop or --restart, not both');
		}

		if (values.stop === true) {
			const running = await readDaemonState(gatewayDir);
			const stopped = await stopEmbeddedGateway(gatewayDir);
			const supervised = running?.supervisor ? ` (the ${running.supervisor} service starts it again at the next login; tether service uninstall removes it)` : '';
			io.stdout.write(stopped ? `embedded gateway stopped${supervised}\n` : 'no embedded gateway is running\n');
			return stopped ? 0 : 1;
		}

		if (values.restart === true) {
			return restartEmbedded(context, parsePort(text(values.port)), async () => findServiceManager(currentHost(io.env)));
		}

		const port = parsePort(text(values.port)) ?? context.values['embedded.port'] ?? defaultEmbeddedPort;
		const running = await readDaemonState(gatewayDir);
		if (running) {
			throw new UsageError(`an embedded gateway already runs from ${gatewayDir} (pid ${running.pid}, port ${running.port}); stop it with tether serve --stop`);
		}

		const host = text(values.host) ?? '127.0.0.1';
		// It trusts device identities as a loopback gateway may, and speaks plain ws://: another address is a choice
		// the user makes knowingly, and is told what it means.
		if (!isLoopback(host)) {
			if (values['allow-remote'] !== true) {
				throw new UsageError(`refusing to listen on ${host}: the embedded gateway serves loopback only; pass --allow-remote to listen there anyway`);
			}

			io.stderr.write(`tether: listening on ${host} over plain ws:// (the embedded gateway has no TLS): anyone on that network can see the token and the conversation; put a TLS proxy in front of it\n`);
		}

		// Read at every start, so a restart (a crash, a reboot, --restart) runs what the config says, not what the
		// shell that happened to start it had; a base URL without a model is refused here, never guessed.
		const settings = agentSettings(context.values, io.env);
		const agent = agentFromSettings(settings, io.env);
		// A Telegram setup that cannot work leaves the bot off, not the terminals: they are what the gateway is for.
		const telegram = await telegramSettings(io.env, context.config.directory, context.values).catch((error: unknown) => {
			if (error instanceof TelegramSetupError) {
				io.stderr.write(`tether: the Telegram bot is off: ${error.message}\n`);
				return;
			}

			throw error;
		});
		const gateway = await startGateway({host, port, dataDir: gatewayDir, token: await embeddedToken(gatewayDir), agent, ...(telegram && {telegram})});
		// Listening for the stop signals before saying it listens: whoever reads that line may stop it at once.
		// Once: a second SIGINT or SIGTERM while stopping finds no handler and ends the process at once, as a user expects.
		const signalled = new Promise<NodeJS.Signals>(resolve => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		});
		const supervisor = io.env.TETHER_SERVICE === 'systemd' || io.env.TETHER_SERVICE === 'launchd' ? io.env.TETHER_SERVICE : undefined;
		await writeDaemonState(gatewayDir, {pid: process.pid, host, port: gateway.port, startedAt: Date.now(), agent: recordedAgent(settings), ...(supervisor && {supervisor})});
		io.stdout.write(`tether gateway listening on ${gateway.url} (agent: ${agentLabel(settings)}; data: ${gatewayDir}${telegram ? '; Telegram bot on' : ''})\n`);
		const health = startHealthMonitor({
			intervalMs: (context.values['session.health_check_interval'] ?? 60) * 1000,
			probes: [agentProbe(settings, io.env), dataDirProbe(gatewayDir), diskProbe(gatewayDir)],
			record: async report => writeHealth(gatewayDir, report),
		});

		const signal = await signalled;
		await health.stop();
		const stopped = await stopWithin(gateway, stopTimeoutMs);
		await clearDaemonState(gatewayDir);
		if (stopped !== true) {
			// A run that does not heed its abort (a model that does not answer) must not keep the process, and the
			// port, alive: the writes are done or never will be, and an interrupted turn is run again at the next start.
			const why = stopped === false ? `did not stop within ${stopTimeoutMs / 1000} s of ${signal}` : `failed to stop cleanly: ${stopped.message}`;
			io.stderr.write(`tether: the gateway ${why}; exiting anyway\n`);
			process.exit(1);
		}

		return 0;
	},
};

/** How long a stop may take to finish the writes and runs under way (ms). */
const stopTimeoutMs = 10_000;

/** Closes the gateway: true once closed, false when it did not finish within `ms`, or what it failed with. */
async function stopWithin(gateway: RunningGateway, ms: number): Promise<boolean | Error> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>(resolve => {
		timer = setTimeout(() => resolve(false), ms);
	});
	try {
		const closed = gateway.close().then(
			() => true,
			(error: unknown) => (error instanceof Error ? error : new Error(String(error))),
		);
		return await Promise.race([closed, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function agentProbe(settings: AgentSettings, env: NodeJS.ProcessEnv) {
	return async () => ({name: 'agent', ...(await probeModelEndpoint(settings, env))});
}

function parsePort(value: string | undefined): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new UsageError(`--port takes a port number from 0 to 65535, not ${value}`);
	}

	return port;
}
