/** Small formatting helpers shared by the printed transcript and the TUI. */
import type {Message} from '../model/message.js';

export function roleLabel(message: Message): string {
	switch (message.role) {
		case 'user': {
			return 'you';
		}

		case 'assistant': {
			return 'assistant';
		}

		case 'custom': {
			return 'notice';
		}
	}
}

/** A short status a user cares about, or undefined when there is nothing to say. */
export function statusLabel(message: Message): string | undefined {
	switch (message.status) {
		case 'queued': {
			return 'queued';
		}

		case 'sending': {
			return 'sending…';
		}

		case 'failed': {
			return `not sent: ${message.error ?? 'refused'} (/retry)`;
		}

		case 'aborted': {
			return 'stopped';
		}

		case 'error': {
			// An error part says it in full below; the header keeps to one line.
			const shown = message.parts?.some(part => part.type === 'error') ? undefined : message.error?.split('\n')[0];
			return shown ? `failed: ${shown}` : 'failed';
		}

		case 'interrupted': {
			return 'interrupted: the gateway lost this reply';
		}

		default: {
			return undefined;
		}
	}
}

/** The colour of each role's name, and of a status worth a warning (Ink colour names, which chalk also has). */
export const roleColors = {user: 'cyan', assistant: 'green', custom: 'yellow'} as const;

export function statusColor(message: Message): 'red' | 'yellow' {
	return message.status === 'failed' || message.status === 'error' ? 'red' : 'yellow';
}

/**
 * Local time as HH:MM, 24-hour as tmux's clock shows it. Not `toLocaleTimeString`: the locale data it reads
 * out of Node's ICU adds 8 MB to a TUI that otherwise never touches it.
 */
export function clock(iso: string): string {
	const date = new Date(iso);
	const pad = (value: number) => String(value).padStart(2, '0');
	return Number.isNaN(date.getTime()) ? '' : `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** What a finished reply with nothing to read shows in place of its text (a bare header reads as a glitch). */
export const emptyReply = '(empty reply)';

/** Whether styled text shows anything but blanks (colour codes and hyperlinks aside). */
export function hasVisibleText(text: string): boolean {
	// Format characters (zero-width space and joiners, bidi marks, soft hyphens: Unicode's Cf) show nothing either.
	// eslint-disable-next-line no-control-regex -- colour codes and OSC 8 links start with ESC
	return /[^\s\p{Cf}]/u.test(text.replaceAll(/\u001B\[[\d;]*m|\u001B\]8;[^\u0007]*\u0007/g, ''));
}

/** 950 B, 12.3 MB, 4.1 GB (SI units, as `df -H` and file managers give them). */
export function formatBytes(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit += 1;
	}

	return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
