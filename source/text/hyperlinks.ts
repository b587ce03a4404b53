/**
 * Whether the terminal makes OSC 8 hyperlinks clickable. There is no way to ask a terminal, so, as
 * `supports-hyperlinks` (the check marked-terminal used) does, it is read from what the terminal says about
 * itself in the environment; `FORCE_HYPERLINK=1` or `0` decides outright. Inside tmux or screen the answer is
 * no: they pass OSC 8 on only when configured to (tmux ≥ 3.4 `terminal-features hyperlinks`), and an unknown
 * sequence there is shown as nothing at all, the link's address lost. Where the answer is no, a link is printed
 * as `text (url)`.
 */
export function supportsHyperlinks(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
	if (env.FORCE_HYPERLINK !== undefined && env.FORCE_HYPERLINK !== '') {
		return env.FORCE_HYPERLINK !== '0';
	}

	if (!isTTY || env.NO_COLOR !== undefined || env.CI !== undefined || env.TERM === 'dumb') {
		return false;
	}

	if (env.TMUX !== undefined || env.STY !== undefined || env.TERM?.startsWith('screen') === true || env.TERM?.startsWith('tmux') === true) {
		return false;
	}

	if (env.WT_SESSION !== undefined || env.KITTY_WINDOW_ID !== undefined || env.DOMTERM !== undefined) {
		return true;
	}

	const major = Number.parseInt(env.TERM_PROGRAM_VERSION ?? '', 10);
	switch (env.TERM_PROGRAM) {
		case 'iTerm.app': {
			return major >= 3;
		}

		case 'WezTerm':
		case 'ghostty':
		case 'vscode': {
			return true;
		}

		default: {
			break;
		}
	}

	// VTE (GNOME Terminal, Tilix, …) from 0.50; 0.50.0 itself crashed on them.
	const vte = Number.parseInt(env.VTE_VERSION ?? '', 10);
	if (vte > 5000) {
		return true;
	}

	return ['xterm-kitty', 'alacritty', 'xterm-ghostty', 'foot', 'wezterm'].includes(env.TERM ?? '');
}
