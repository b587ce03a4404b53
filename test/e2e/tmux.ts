/** Drives tether in a real terminal with tmux, as a person would: send-keys to type, capture-pane to read. */
import {execFileSync, spawnSync} from 'node:child_process';
import {onCleanup} from '../helpers.js';

export const tmuxMissing = spawnSync('tmux', ['-V']).status === 0 ? undefined : 'tmux is not installed (apt-get install tmux)';

export type Terminal = {
	type(...keys: string[]): void;
	screen(): string;
	waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
	pid(): number;
	title(): string;
};

/** Starts `command` in a fresh tmux server (its own socket) in a 160×40 window. */
export function terminal(command: string, env: NodeJS.ProcessEnv): Terminal {
	const socket = `tether-e2e-${process.pid}-${Math.random().toString(36).slice(2)}`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {env, encoding: 'utf8'});
	tmux('new-session', '-d', '-x', '160', '-y', '40', command);
	onCleanup(() => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
	});
	const screen = () => tmux('capture-pane', '-p');
	return {
		type: (...keys) => void tmux('send-keys', ...keys),
		screen,
		pid: () => Number(tmux('display-message', '-p', '#{pane_pid}').trim()),
		title: () => tmux('display-message', '-p', '#{pane_title}').trim(),
		async waitFor(text, timeoutMs = 8000) {
			const deadline = Date.now() + timeoutMs;
			let last = '';
			while (Date.now() < deadline) {
				last = screen();
				if (typeof text === 'string' ? last.includes(text) : text.test(last)) {
					return last;
				}

				await new Promise(resolve => setTimeout(resolve, 50));
			}

			throw new Error(`the screen never showed ${String(text)}; it showed:\n${last}`);
		},
	};
}
