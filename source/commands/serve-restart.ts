/** `tether serve --restart`: the running embedded gateway replaced by one that runs the agent the settings name. */
import {setTimeout as delay} from 'node:timers/promises';
import {UsageError} from '../errors.js';
import {agentSettings} from '../gateway/agent-settings.js';
import {defaultEmbeddedPort, ensureEmbeddedGateway, readDaemonState, stopEmbeddedGateway, type DaemonState} from '../gateway/daemon.js';
import type {ServiceManager} from '../gateway/service-manager.js';
import type {Context} from './context.js';

/** How long `--restart` waits for a service manager's restarted gateway to record itself (ms). */
const restartTimeoutMs = 10_000;

/**
 * Stops the running gateway and starts one with this shell's settings: in the background, or through the service
 * manager that supervises it (which gives it the config, not this shell's environment).
 */
export async function restartEmbedded(
	context: Context,
	port: number | undefined,
	serviceManager: () => Promise<ServiceManager | undefined>,
	timeoutMs = restartTimeoutMs,
): Promise<number> {
	const {io, gatewayDir} = context;
	const wanted = agentSettings(context.values, io.env); // a broken setting stops here, before anything is stopped
	const running = await readDaemonState(gatewayDir);
	let state: DaemonState;
	if (running?.supervisor) {
		const manager = await serviceManager();
		if (manager?.kind !== running.supervisor) {
			throw new UsageError(`the embedded gateway runs as a ${running.supervisor} service, which this shell cannot reach; restart it there`);
		}

		await manager.restart();
		state = await restarted(gatewayDir, running.pid, timeoutMs);
	} else {
		if (running) {
			await stopEmbeddedGateway(gatewayDir);
		}

		state = await ensureEmbeddedGateway(gatewayDir, port ?? running?.port ?? context.values['embedded.port'] ?? defaultEmbeddedPort);
	}

	io.stdout.write(`embedded gateway ${running ? 'restarted' : 'started'}: ${state.agent?.label ?? 'agent unknown'} on ${state.host}:${state.port} (pid ${state.pid})\n`);
	if (state.supervisor && wanted.kind === 'openai' && wanted.origin.startsWith('env')) {
		io.stderr.write(`tether: the ${state.supervisor} service reads the agent from the config, not from this shell's ${wanted.origin.slice(4)}: tether config set agent.base_url URL\n`);
	}

	return 0;
}

/** The gateway a service manager started in place of `previousPid`, once it has recorded itself. */
async function restarted(dataDir: string, previousPid: number, timeoutMs: number): Promise<DaemonState> {
	for (let waited = 0; waited < timeoutMs; waited += 100) {
		const state = await readDaemonState(dataDir);
		if (state && state.pid !== previousPid) {
			return state;
		}

		await delay(100);
	}

	throw new UsageError(`the service manager did not bring the embedded gateway back within ${timeoutMs / 1000} s: tether service status says more`);
}
