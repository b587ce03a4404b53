/** `tether serve`: the embedded gateway in the foreground; `--stop` stops the background one. */
import {UsageError} from '../errors.js';
import {agentFromEnvironment} from '../gateway/agents.js';
import {clearDaemonState, defaultEmbeddedPort, embeddedToken, readDaemonState, stopEmbeddedGateway, writeDaemonState} from '../gateway/daemon.js';
import {startGateway} from '../gateway/server.js';
import {telegramSettings, TelegramSetupError} from '../gateway/telegram/settings.js';
import type {Command} from './command.js';
import {text} from './command.js';
import {isLoopback} from '../connection/loopback.js';

export const serve: Command = {
	name: 'serve',
	summary: 'run the embedded gateway in the foreground (--stop stops the background one)',
	usage: 'serve [--port N] [--host 127.0.0.1] [--allow-remote] [--stop]',
	details:
		'Clients start the embedded gateway in the background on demand; this runs it in the foreground instead.\n' +
		'It keeps its history in --data-dir (env TETHER_GATEWAY_DIR). Replies come from the offline agent, or from an\n' +
		'OpenAI-compatible endpoint when TETHER_OPENAI_BASE_URL is set (with TETHER_MODEL and OPENAI_API_KEY).\n' +
		'With a Telegram bot token (env TETHER_TELEGRAM_TOKEN, or the file telegram-token in the config dir, 0600) and\n' +
		'telegram.allowed_users set, it serves those users from Telegram too.',
	options: {port: {type: 'string'}, host: {type: 'string'}, 'allow-remote': {type: 'boolean'}, stop: {type: 'boolean'}},
	optionHelp: {
		port: 'port to listen on (default 18780, 0 for any free port)',
		host: 'address to listen on (default 127.0.0.1; another needs --allow-remote)',
		'allow-remote': 'listen on a non-loopback address, over plain ws:// (put a TLS proxy in front of it)',
		stop: 'stop the background gateway',
	},
	async run({positionals, values}, getContext) {
		if (positionals.length > 0) {
			throw new UsageError(`serve takes no arguments; usage: tether ${this.usage}`);
		}

		const context = getContext();
		const {io, gatewayDir} = context;
		if (values.stop === true) {
			const stopped = await stopEmbeddedGateway(gatewayDir);
			io.stdout.write(stopped ? 'embedded gateway stopped\n' : 'no embedded gateway is running\n');
			return stopped ? 0 : 1;
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

		const agent = agentFromEnvironment(io.env);
		// A Telegram setup that cannot work leaves the bot off, not the terminals: they are what the gateway is for.
		const telegram = await telegramSettings(io.env, context.config.directory, context.values).catch((error: unknown) => {
			if (error instanceof TelegramSetupError) {
				io.stderr.write(`tether: the Telegram bot is off: ${error.message}\n`);
				return undefined;
			}

			throw error;
		});
		const gateway = await startGateway({host, port, dataDir: gatewayDir, token: await embeddedToken(gatewayDir), agent, ...(telegram && {telegram})});
		await writeDaemonState(gatewayDir, {pid: process.pid, host, port: gateway.port});
		io.stdout.write(`tether gateway listening on ${gateway.url} (agent: ${agent.name}; data: ${gatewayDir}${telegram ? '; Telegram bot on' : ''})\n`);

		await new Promise<void>(resolve => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		});
		await gateway.close();
		await clearDaemonState(gatewayDir);
		return 0;
	},
};

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
