/** Helpers the figures share: medians, temp dirs, the tether binary, a tmux terminal, a gateway process, /proc readings. */
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdtemp, readFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {setTimeout as delay} from 'node:timers/promises';

export const bin = fileURLToPath(new URL('../bin/tether.js', import.meta.url));

export function median(values) {
	const sorted = [...values].toSorted((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function repeat(times, measure) {
	const values = [];
	for (let i = 0; i < times; i++) {
		values.push(await measure(i));
	}

	return median(values);
}

export const tempDir = async () => mkdtemp(path.join(os.tmpdir(), 'tether-bench-'));

export async function freePort() {
	const server = createServer();
	await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address();
	await new Promise(resolve => server.close(resolve));
	return port;
}

/** An environment with its own config, sessions and gateway dirs, and an embedded port of its own. */
export async function environment(root) {
	const env = {
		...process.env,
		TETHER_CONFIG_DIR: path.join(root, 'config'),
		TETHER_SESSIONS_DIR: path.join(root, 'sessions'),
		TETHER_GATEWAY_DIR: path.join(root, 'gateway'),
		TETHER_GATEWAY_URL: '',
		NO_COLOR: '1',
		TERM: 'xterm-256color',
	};
	execFileSync(process.execPath, [bin, 'config', 'set', 'embedded.port', String(await freePort())], {env});
	return env;
}

/** Wall time of a command from spawn to exit, in ms; an exit code not in `expected` throws. */
export async function timeCommand(args, env, expected = [0]) {
	const started = performance.now();
	const child = spawn(process.execPath, [bin, ...args], {env, stdio: 'ignore'});
	const code = await new Promise(resolve => child.on('exit', resolve));
	if (!expected.includes(code)) {
		throw new Error(`tether ${args.join(' ')} exited ${code}`);
	}

	return performance.now() - started;
}

function isRunning(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export const tmuxAvailable = () => spawnSync('tmux', ['-V']).status === 0;

/**
 * Runs `command` in a fresh tmux server (its own socket) and returns how long, from the spawn, until the
 * screen shows `text` (polled every 2 ms), plus the pane's pid and a cleanup.
 */
export async function timeToScreen(command, env, text, timeoutMs = 30_000) {
	const socket = `tether-bench-${process.pid}-${Math.random().toString(36).slice(2)}`;
	const tmux = (...args) => spawnSync('tmux', ['-L', socket, ...args], {env, encoding: 'utf8'});
	const started = performance.now();
	tmux('new-session', '-d', '-x', '120', '-y', '40', command);
	while (performance.now() - started < timeoutMs) {
		if (tmux('capture-pane', '-p').stdout.includes(text)) {
			const ms = performance.now() - started;
			const pid = Number(tmux('display-message', '-p', '#{pane_pid}').stdout.trim());
			// The client saves and releases its lock on the hangup: wait for that before its files are touched.
			const close = async () => {
				tmux('kill-server');
				for (let waited = 0; waited < 5000 && isRunning(pid); waited += 20) {
					await delay(20);
				}
			};

			return {ms, pid, tmux, close};
		}

		await delay(2);
	}

	const screen = tmux('capture-pane', '-p').stdout;
	tmux('kill-server');
	throw new Error(`the screen never showed ${text}:\n${screen}`);
}

const gatewayScript = fileURLToPath(new URL('gateway.js', import.meta.url));
export const token = 'bench-token';

/** The embedded gateway in its own process; resolves when it listens. */
export async function gatewayProcess(port, dataDir, extra = []) {
	const child = spawn(process.execPath, [gatewayScript, String(port), dataDir, token, ...extra], {stdio: ['ignore', 'pipe', 'inherit']});
	await new Promise((resolve, reject) => {
		child.stdout.on('data', data => String(data).includes('listening') && resolve());
		child.once('exit', code => reject(new Error(`the bench gateway exited (${code})`)));
	});
	child.removeAllListeners('exit');
	return child;
}

export async function stopProcess(child) {
	child.kill('SIGKILL');
	await new Promise(resolve => (child.exitCode === null && child.signalCode === null ? child.once('exit', resolve) : resolve()));
}

/** A link to the gateway on `port` with the given policy, resolved once open. */
export async function openLink(port, policy) {
	const {Link} = await import('../dist/connection/link.js');
	const link = new Link({endpoint: async () => ({url: `ws://127.0.0.1:${port}`, token}), policy});
	link.start();
	await until(link, state => state.kind === 'open');
	return link;
}

/** Resolves with the time at which the link's state first satisfies `test`. */
export async function until(link, test) {
	if (test(link.state)) {
		return performance.now();
	}

	return new Promise(resolve => {
		const listener = state => {
			if (test(state)) {
				link.off('state', listener);
				resolve(performance.now());
			}
		};

		link.on('state', listener);
	});
}

/** CPU time (ms) and resident memory (MB) of a process, from /proc as `ps` reads them. */
export async function processUsage(pid) {
	const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const ticks = 100; // USER_HZ on Linux
	return {cpuMs: ((Number(stat[11]) + Number(stat[12])) / ticks) * 1000, rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024};
}
