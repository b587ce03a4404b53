/**
 * Drives tether in a real terminal with tmux, as a person would: send-keys to type, capture-pane to read. One
 * setup for every terminal test: the built CLI, an environment of its own (temp config, sessions and gateway
 * dirs, a free port for the embedded gateway, stopped after the test), and a chat against a test gateway.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {Config} from '../../source/config/config.js';
import type {Agent} from '../../source/gateway/agents.js';
import {freePort, onCleanup, patience, tempDir, testGateway, testToken, tetherDirs} from '../helpers.js';

export const tmuxMissing = spawnSync('tmux', ['-V']).status === 0 ? undefined : 'tmux is not installed (apt-get install tmux)';

export const bin = path.resolve('bin/tether.js');
/** The command line that runs the built CLI with the Node running the tests. */
export const tether = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)}`;

/** A TCP port free on the loopback interface just now. */

/**
 * An environment of its own for tether: temp dirs, an embedded gateway port that is stopped after the test,
 * and the config keys in `config` set (`{'tui.notify': 'osc9'}`).
 */
export async function environment(config: Record<string, string> = {}) {
	const env = {...process.env, ...tetherDirs(await tempDir()), TERM: 'xterm-256color'};
	// Set in this process, as `tether config set` would: a CLI started per key was half a second of each test.
	const settings = new Config(env.TETHER_CONFIG_DIR);
	for (const [key, value] of Object.entries({'embedded.port': String(await freePort()), ...config})) {
		await settings.set(key, value);
	}

	// An embedded gateway is stopped if one may have been started: its dir is made before it is (most tests use a
	// test gateway of their own, and make none).
	onCleanup(() => void (existsSync(env.TETHER_GATEWAY_DIR) && spawnSync(process.execPath, [bin, 'serve', '--stop'], {env, stdio: 'ignore'})));
	return env;
}

export type Chat = {term: Terminal; gateway: Awaited<ReturnType<typeof testGateway>>; env: Awaited<ReturnType<typeof environment>>};

/**
 * Tether attached to the default session of a test gateway (answering with `agent`, the echo agent unless
 * told) in a terminal of `size`; in an interactive shell (with job control) when `inShell`, after the shell has
 * run `before` if given.
 */
export async function chat(options: {agent?: Agent; size?: {columns: number; rows: number}; inShell?: boolean; before?: string} = {}): Promise<Chat> {
	const env = await environment();
	const gateway = await testGateway({dataDir: await tempDir(), ...(options.agent && {agent: options.agent})});
	const line = `${tether} --gateway ${gateway.url} --token ${testToken}`;
	const term = terminal(options.inShell ? 'bash --norc --noprofile -i' : `exec ${line}`, env, options.size);
	if (options.inShell) {
		if (options.before !== undefined) {
			term.type(options.before, 'Enter');
		}

		term.type(line, 'Enter');
	}

	return {term, gateway, env};
}

export type Terminal = {
	type(...keys: string[]): void;
	/** Pastes `text` as a terminal does, bracketed when the program asked for it (unless `bracketed` is false: in one write, line breaks as CR). */
	paste(text: string, bracketed?: boolean): void;
	screen(): string;
	/** The scrollback and the screen, as one text. */
	history(): string;
	waitFor(text: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
	pid(): number;
	title(): string;
	/** Any other tmux command on this terminal's server (pipe-pane, send-keys -H …). */
	tmux(...args: string[]): string;
};

/** Starts `command` in a fresh tmux server (its own socket) in a window of `size` (160×40 unless told). */
export function terminal(command: string, env: NodeJS.ProcessEnv, size = {columns: 160, rows: 40}): Terminal {
	const socket = `tether-e2e-${process.pid}-${Math.random().toString(36).slice(2)}`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {env, encoding: 'utf8'});
	tmux('new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), command);
	// The pane's command leads its own process group; the client runs in it (sh without job control).
	const group = Number(tmux('display-message', '-p', '#{pane_pid}').trim());
	onCleanup(async () => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		// On the hangup the client saves and exits; the temp dirs it writes into go only after it has.
		await untilExited(group);
	});
	const screen = () => tmux('capture-pane', '-p');
	return {
		type: (...keys) => void tmux('send-keys', ...keys),
		paste(text, bracketed = true) {
			tmux('set-buffer', '-b', 'paste', text);
			tmux('paste-buffer', ...(bracketed ? ['-p'] : []), '-d', '-b', 'paste');
		},
		screen,
		history: () => tmux('capture-pane', '-p', '-S', '-', '-E', '-'),
		pid: () => Number(tmux('display-message', '-p', '#{pane_pid}').trim()),
		title: () => tmux('display-message', '-p', '#{pane_title}').trim(),
		tmux,
		async waitFor(text, timeoutMs = patience) {
			const deadline = Date.now() + timeoutMs;
			let last = '';
			while (Date.now() < deadline) {
				last = screen();
				if (typeof text === 'string' ? last.includes(text) : (typeof text === 'function' ? text(last) : text.test(last))) {
					return last;
				}

				await new Promise(resolve => setTimeout(resolve, 50));
			}

			throw new Error(`the screen never showed ${String(text)}; it showed:\n${last}`);
		},
	};
}

/** Waits (bounded) until no process is left in the group, then kills what is left. */
async function untilExited(group: number): Promise<void> {
	const alive = () => {
		try {
			process.kill(-group, 0);
			return true;
		} catch {
			return false;
		}
	};

	const deadline = Date.now() + patience;
	while (alive() && Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	if (alive()) {
		process.kill(-group, 'SIGKILL');
		throw new Error(`the processes of a test terminal (group ${group}) did not exit within ${patience} ms of its hangup`);
	}
}
