/** Drives tether in a real terminal with tmux, as a person would: send-keys to type, capture-pane to read. */
import {execFileSync, spawnSync} from 'node:child_process';
import {onCleanup, patience} from '../helpers.js';

export const tmuxMissing = spawnSync('tmux', ['-V']).status === 0 ? undefined : 'tmux is not installed (apt-get install tmux)';

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
				if (typeof text === 'string' ? last.includes(text) : typeof text === 'function' ? text(last) : text.test(last)) {
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
