/**
 * `tether service install | uninstall | status`: the embedded gateway as a user service that starts at login and
 * comes back after a crash (systemd user unit, launchd agent); where there is neither, it stays on demand.
 */
import path from 'node:path';
import {UsageError} from '../errors.js';
import {agentSettings} from '../gateway/agent-settings.js';
import {logPath, readDaemonState, stopEmbeddedGateway} from '../gateway/daemon.js';
import {describeHealth, readHealth} from '../gateway/health.js';
import type {ServiceSpec} from '../gateway/service-files.js';
import {currentHost, findServiceManager, runProgram, type Host, type Runner, type ServiceManager} from '../gateway/service-manager.js';
import {formatDuration} from '../session/notices.js';
import {packageRoot} from '../store/location.js';
import {sanitizeLine} from '../text/sanitize.js';
import type {Command} from './command.js';
import type {Context} from './context.js';

/** What the command talks to: injected so that tests never reach the real service manager. */
export type ServiceDeps = {host: (env: NodeJS.ProcessEnv) => Host; run: Runner; now: () => number};

const fallback =
	'no service manager here (neither a systemd user instance nor launchd): the embedded gateway keeps starting on demand, in the background, with the first attach or send';

export function serviceCommand(deps: ServiceDeps): Command {
	return {
		name: 'service',
		summary: 'run the embedded gateway as a user service that starts at login (systemd, launchd)',
		usage: 'service install | uninstall | status',
		details:
			'install writes a systemd user unit (~/.config/systemd/user/tether-gateway.service) or a launchd agent\n' +
			'(~/Library/LaunchAgents/dev.tether.gateway.plist), starts it, and has it start at every login and again after\n' +
			'a crash. It reads the agent and the port from the config at every start. status says whether it runs, since\n' +
			'when, which agent, and its last health check; uninstall stops and removes it.',
		async run({positionals}, getContext) {
			const [verb, ...extra] = positionals;
			if (extra.length > 0 || (verb !== 'install' && verb !== 'uninstall' && verb !== 'status')) {
				throw new UsageError(`usage: tether ${this.usage}`);
			}

			const context = getContext();
			const manager = await findServiceManager(deps.host(context.io.env), deps.run);
			switch (verb) {
				case 'install': {
					return install(context, manager);
				}

				case 'uninstall': {
					return uninstall(context, manager);
				}

				default: {
					return status(context, manager, deps.now());
				}
			}
		},
	};
}

export const service = serviceCommand({host: currentHost, run: runProgram, now: Date.now});

/** The service's command line: this Node and this Tether, the data dir and config dir this shell uses. */
export function serviceSpec(context: Context, kind: ServiceManager['kind']): ServiceSpec {
	return {
		node: process.execPath,
		script: path.join(packageRoot, 'bin', 'tether.js'),
		dataDir: context.gatewayDir,
		environment: {TETHER_SERVICE: kind, TETHER_CONFIG_DIR: context.config.directory},
		logFile: logPath(context.gatewayDir),
	};
}

async function install(context: Context, manager: ServiceManager | undefined): Promise<number> {
	const {io, gatewayDir} = context;
	if (!manager) {
		io.stderr.write(`tether: ${fallback}\n`);
		return 1;
	}

	// A service that cannot start would only restart and fail: a broken agent setting is refused now.
	agentSettings(context.values, {});
	const running = await readDaemonState(gatewayDir);
	if (running && running.supervisor === undefined) {
		// It holds the port the service needs; its interrupted turns are run again by the service's gateway.
		await stopEmbeddedGateway(gatewayDir);
		io.stdout.write(`stopped the on-demand embedded gateway (pid ${running.pid}): the service takes its place\n`);
	}

	await manager.install(serviceSpec(context, manager.kind));
	io.stdout.write(`installed the ${manager.title} ${manager.file}: the embedded gateway runs now, at every login, and again after a crash\n`);
	if (manager.kind === 'systemd') {
		io.stdout.write('to keep it running while you are logged out: loginctl enable-linger\n');
	}

	return 0;
}

async function uninstall(context: Context, manager: ServiceManager | undefined): Promise<number> {
	const {io} = context;
	if (!manager) {
		io.stderr.write(`tether: ${fallback}\n`);
		return 1;
	}

	const installed = (await manager.state()).installed;
	await manager.uninstall();
	io.stdout.write(
		installed
			? `removed the ${manager.title} ${manager.file}; the embedded gateway starts on demand again\n`
			: `no ${manager.title} was installed; the embedded gateway starts on demand\n`,
	);
	return 0;
}

/** Whether it runs, since when, which agent and the last health check; exit 0 when the gateway runs. */
async function status(context: Context, manager: ServiceManager | undefined, now: number): Promise<number> {
	const {io, gatewayDir} = context;
	const state = await manager?.state();
	const running = await readDaemonState(gatewayDir);
	const health = running && (await readHealth(gatewayDir));
	const service = manager
		? (state?.installed
			? `${manager.title} ${manager.file} (${state.enabled ? 'starts at login' : 'not enabled'}, ${state.running ? `running${state.pid ? `, pid ${state.pid}` : ''}` : 'not running'})`
			: `not installed (tether service install sets up the ${manager.title}); the embedded gateway starts on demand`)
		: fallback;
	const since = running?.startedAt === undefined ? '' : ` since ${new Date(running.startedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC (${formatDuration(now - running.startedAt)})`;
	const supervisor = running ? (running.supervisor ? `, by ${running.supervisor}` : ', on demand') : '';
	const lines = [
		['service', service],
		['gateway', running ? `running${since}${supervisor}, pid ${running.pid}, ${running.host}:${running.port}` : 'not running'],
		...(running ? [['agent', `embedded · ${running.agent?.label ?? 'not recorded (a gateway of an older version)'}`]] : []),
		...(running ? [['health', health ? describeHealth(health, now, formatDuration) : 'not checked yet']] : []),
	];
	io.stdout.write(`${lines.map(([label, detail]) => `${label!.padEnd(8)} ${sanitizeLine(detail!)}`).join('\n')}\n`);
	return running ? 0 : 1;
}
