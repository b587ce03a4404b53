/** Small helpers the figures share: medians, temp dirs, the tether binary, a tmux terminal. */
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdtemp} from 'node:fs/promises';
import {createServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {setTimeout as delay} from 'node:timers/promises';

export const bin = fileURLToPath(new URL('../bin/tether.js', import.meta.url));

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
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

/** Wall time of a command from spawn to exit, in ms. */
export async function timeCommand(args, env) {
	const started = performance.now();
	const child = spawn(process.execPath, [bin, ...args], {env, stdio: 'ignore'});
	const code = await new Promise(resolve => child.on('exit', resolve));
	if (code !== 0) {
		throw new Error(`tether ${args.join(' ')} exited ${code}`);
	}

	return performance.now() - started;
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
	const close = () => tmux('kill-server');
	while (performance.now() - started < timeoutMs) {
		if (tmux('capture-pane', '-p').stdout.includes(text)) {
			return {ms: performance.now() - started, pid: Number(tmux('display-message', '-p', '#{pane_pid}').stdout.trim()), tmux, close};
		}

		await delay(2);
	}

	const screen = tmux('capture-pane', '-p').stdout;
	close();
	throw new Error(`the screen never showed ${text}:\n${screen}`);
}
