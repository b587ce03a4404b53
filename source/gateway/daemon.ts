/**
 * The embedded gateway as a background server started on demand, the way tmux starts its server: a state file
 * in the data dir says where it listens; a client that finds none (or a dead one) starts it detached.
 */
import {spawn} from 'node:child_process';
import {openSync, closeSync, fstatSync} from 'node:fs';
import {mkdir, readFile, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {z} from 'zod';
import {TetherError} from '../errors.js';
import {portAccepts} from '../connection/port-probe.js';
import {packageRoot} from '../store/location.js';

export const defaultEmbeddedPort = 18_780;

/**
 * gateway.json: where the gateway listens, and since when (ms since the epoch), which agent it runs and what
 * supervises it (a service manager, or nothing: started on demand). Gateways of older versions wrote only the first three.
 */
const stateSchema = z.object({
	pid: z.number().int(),
	host: z.string(),
	port: z.number().int(),
	startedAt: z.number().optional(),
	agent: z.object({label: z.string(), fingerprint: z.string()}).optional(),
	supervisor: z.enum(['systemd', 'launchd']).optional(),
});
export type DaemonState = z.infer<typeof stateSchema>;

const startTimeoutMs = 8000;
const pollMs = 50;

export class EmbeddedGatewayUnavailable extends TetherError {}

const statePath = (dataDir: string) => path.join(dataDir, 'gateway.json');
const tokenPath = (dataDir: string) => path.join(dataDir, 'token');
export const logPath = (dataDir: string) => path.join(dataDir, 'gateway.log');

/** The embedded gateway's token: random, created once, readable only by the user (0600 in a 0700 dir). */
export async function embeddedToken(dataDir: string): Promise<string> {
	await mkdir(dataDir, {recursive: true, mode: 0o700});
	const existing = await readFile(tokenPath(dataDir), 'utf8').catch(() => '');
	if (existing.trim()) {
		return existing.trim();
	}

	const token = crypto.randomUUID();
	await writeFile(tokenPath(dataDir), token, {mode: 0o600});
	return token;
}

export async function writeDaemonState(dataDir: string, state: DaemonState): Promise<void> {
	await writeFile(statePath(dataDir), JSON.stringify(state), {mode: 0o600});
}

/** Removes the state file if it still names this process. */
export async function clearDaemonState(dataDir: string, pid = process.pid): Promise<void> {
	if ((await readDaemonState(dataDir))?.pid === pid) {
		await unlink(statePath(dataDir)).catch(() => undefined);
	}
}

/** The running gateway's state, or undefined when none is recorded or its process is gone. */
export async function readDaemonState(dataDir: string): Promise<DaemonState | undefined> {
	try {
		const state = stateSchema.parse(JSON.parse(await readFile(statePath(dataDir), 'utf8')));
		process.kill(state.pid, 0);
		return state;
	} catch {
		return undefined;
	}
}

export function daemonUrl(state: Pick<DaemonState, 'host' | 'port'>): string {
	return `ws://${state.host.includes(':') ? `[${state.host}]` : state.host}:${state.port}`;
}

/** Returns the running embedded gateway, starting it in the background first if needed. */
export async function ensureEmbeddedGateway(dataDir: string, port: number): Promise<DaemonState> {
	const running = await readDaemonState(dataDir);
	if (running && (await accepts(running))) {
		return running;
	}

	await mkdir(dataDir, {recursive: true, mode: 0o700});
	const log = openSync(logPath(dataDir), 'a', 0o600);
	// Why it did not start is in what this start wrote, not in an earlier start's last line ("listening…").
	const logStart = fstatSync(log).size;
	const child = spawn(process.execPath, [path.join(packageRoot, 'bin', 'tether.js'), 'serve', '--port', String(port), '--data-dir', dataDir], {
		detached: true,
		stdio: ['ignore', log, log],
		env: process.env,
	});
	closeSync(log);
	let exited = false;
	child.once('exit', () => {
		exited = true;
	});
	child.unref();

	for (let waited = 0; waited < startTimeoutMs; waited += pollMs) {
		await delay(pollMs);
		// Another client may have started it at the same time; any live gateway will do.
		const state = await readDaemonState(dataDir);
		if (state && (await accepts(state))) {
			return state;
		}

		if (exited) {
			break;
		}
	}

	const written = (await readFile(logPath(dataDir)).catch(() => Buffer.alloc(0))).subarray(logStart).toString('utf8');
	const lastLine = written.trim().split('\n').at(-1)?.replace(/^tether: /, '');
	throw new EmbeddedGatewayUnavailable(`the embedded gateway did not start${lastLine ? `: ${lastLine}` : ''} (log: ${logPath(dataDir)})`);
}

/** Stops the background gateway; false when none was running. */
export async function stopEmbeddedGateway(dataDir: string): Promise<boolean> {
	const state = await readDaemonState(dataDir);
	if (!state) {
		return false;
	}

	process.kill(state.pid, 'SIGTERM');
	for (let waited = 0; waited < startTimeoutMs; waited += pollMs) {
		await delay(pollMs);
		if (!(await readDaemonState(dataDir))) {
			return true;
		}
	}

	throw new EmbeddedGatewayUnavailable(`the embedded gateway (pid ${state.pid}) did not stop`);
}

async function accepts(state: DaemonState): Promise<boolean> {
	return portAccepts(state.host, state.port, 1000);
}
