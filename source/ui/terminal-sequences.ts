/**
 * Escape sequences Tether writes to the terminal besides Ink's drawing: focus reporting, notifications and the
 * clipboard. Pure: strings in, strings out. Sources: xterm's ctlseqs (focus reporting, mode 1004, answered
 * with CSI I / CSI O; OSC 52, the clipboard), iTerm2 and Windows Terminal's OSC 9 notification, rxvt-unicode
 * and foot's OSC 777 `notify`, tmux's DCS passthrough (`allow-passthrough on`).
 */

const esc = '\u001B';
const bel = '\u0007';

/** Asks the terminal to report focus (`CSI I` in, `CSI O` out), or to stop: DEC private mode 1004. */
export function focusReporting(on: boolean): string {
	return `${esc}[?1004${on ? 'h' : 'l'}`;
}

/** The terminal bell: every terminal has it; most flag the tab or window, some play a sound. */
export const bell = bel;

/** Text safe inside an OSC string: no control characters (one would end it early), one line, at most `max` characters. */
function oscText(text: string, max = 200): string {
	// eslint-disable-next-line no-control-regex
	const plain = text.replaceAll(/[\u0000-\u001F\u007F-\u009F]+/g, ' ').replaceAll(/ {2,}/g, ' ').trim();
	return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** A desktop notification by OSC 9 (iTerm2, Windows Terminal, WezTerm, Ghostty, kitty): the message only. */
export function osc9(message: string): string {
	// OSC 9 followed by a digit and `;` is ConEmu's progress report, not a notification.
	return `${esc}]9;${oscText(message).replace(/^\d+;/, '')}${bel}`;
}

/** A desktop notification by OSC 777 (rxvt-unicode, foot, Ghostty, WezTerm): a title and a body; `;` ends the title. */
export function osc777(title: string, body: string): string {
	return `${esc}]777;notify;${oscText(title, 60).replaceAll(';', ',')};${oscText(body)}${bel}`;
}

/** Puts `text` on the system clipboard by OSC 52 (where the terminal allows it), as base64 of its UTF-8. */
export function osc52(text: string): string {
	return `${esc}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${bel}`;
}

/**
 * `sequence` wrapped so that tmux hands it to the terminal outside it (DCS passthrough: every ESC doubled);
 * tmux drops it unless `set -g allow-passthrough on`.
 */
export function tmuxPassthrough(sequence: string): string {
	return `${esc}Ptmux;${sequence.replaceAll(esc, esc + esc)}${esc}\\`;
}

/** `sequence` as it must be written from a process with environment `env`: wrapped for tmux inside tmux. */
export function throughMultiplexer(sequence: string, env: NodeJS.ProcessEnv): string {
	return env.TMUX ? tmuxPassthrough(sequence) : sequence;
}

/**
 * Moves everything on a screen of `rows` rows up into the scrollback and puts the cursor home, leaving the
 * screen blank: a clear that erases nothing. `ESC [2J` erases the screen outright on some terminals (xterm)
 * and `ESC [3J` the scrollback too, and with them what the shell printed before Tether started.
 */
export function scrollScreenAway(rows: number): string {
	return `${esc}[${Math.max(1, rows)};1H${'\n'.repeat(Math.max(1, rows))}${esc}[H`;
}
