/**
 * Ink's stdout, with two changes at the terminal's edge. Each synchronized update Ink draws (DEC mode 2026:
 * begin, the frame in a few writes, end) goes to the terminal as one write. And text can be put at the start of
 * Ink's next frame (`beforeNextFrame`): the screen cleared before the conversation is printed again (closing
 * the help, Ctrl+L, a reflow) goes out in the same synchronized update as the reprint and the live area, so a
 * terminal never shows the blank screen in between. Ink synchronizes only a TTY; elsewhere the text is
 * written at once.
 */

/** Begin and end synchronized update (DEC private mode 2026), as Ink writes them around a frame. */
export const beginUpdate = '\u001B[?2026h';
export const endUpdate = '\u001B[?2026l';

export type FrameStdout = NodeJS.WriteStream & {
	/** Writes `text` inside Ink's next synchronized update, first (at once when the stream is no TTY). */
	beforeNextFrame(text: string): void;
	/** Runs `write`, and what it writes goes out as `beforeNextFrame` text (Ink's frame erased with the next frame). */
	capture(write: () => void): void;
};

export function isFrameStdout(stream: NodeJS.WritableStream): stream is FrameStdout {
	return 'beforeNextFrame' in stream;
}

/**
 * `stdout` as Ink needs it (its size, `isTTY`, resize events are the stream's own), its writes passed on, but
 * those between a begin and an end of synchronized update gathered into one.
 */
export function frameStdout(stdout: NodeJS.WriteStream): FrameStdout {
	let pending = '';
	// The update being gathered, from its begin; undefined outside one.
	let update: string | undefined;
	let capturing = false;
	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		if (typeof chunk !== 'string') {
			return (stdout.write as (...args: unknown[]) => boolean)(chunk, ...rest);
		}

		if (capturing) {
			beforeNextFrame(chunk);
			return true;
		}

		if (update === undefined && chunk === beginUpdate) {
			update = `${beginUpdate}${pending}`;
			pending = '';
			return true;
		}

		if (update !== undefined) {
			update += chunk;
			if (chunk !== endUpdate) {
				return true;
			}

			const whole = update;
			update = undefined;
			return stdout.write(whole);
		}

		return (stdout.write as (...args: unknown[]) => boolean)(chunk, ...rest);
	};

	function beforeNextFrame(text: string): void {
		if (stdout.isTTY) {
			pending += text;
		} else {
			stdout.write(text);
		}
	}

	const capture = (run: () => void) => {
		capturing = true;
		try {
			run();
		} finally {
			capturing = false;
		}
	};

	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') {
				return write;
			}

			if (property === 'beforeNextFrame') {
				return beforeNextFrame;
			}

			if (property === 'capture') {
				return capture;
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
		has(target, property) {
			return property === 'beforeNextFrame' || property === 'capture' || Reflect.has(target, property);
		},
	}) as FrameStdout;
}
