/**
 * Closing the help (issue 16): the clear and the reprint of the conversation go out in one synchronized update
 * with the live area, so no terminal shows the blank screen between them. Ink drawn into a fake TTY, as in a
 * terminal (not ink-testing-library's debug mode, which draws no synchronized updates).
 */
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/ui/App.js';
import {beginUpdate, endUpdate, frameStdout} from '../../source/ui/frame-stdout.js';
import {overlayScreen, type OverlayScreen} from '../../source/ui/overlay-screen.js';
import {reply, userMessage} from '../builders.js';
import {waitFor} from '../helpers.js';
import {openSession} from './slash/context.js';

class Terminal extends EventEmitter {
	constructor(readonly isTTY = true) {
		super();
	}

	readonly columns = 80;
	readonly rows = 24;
	readonly writes: string[] = [];
	write(chunk: string): boolean {
		this.writes.push(chunk);
		return true;
	}

	since(index: number): string {
		return this.writes.slice(index).join('');
	}
}

class Keys extends EventEmitter {
	readonly isTTY = true;
	#data: string | null = null;
	press(data: string): void {
		this.#data = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read(): string | null {
		const data = this.#data;
		this.#data = null;
		return data;
	}

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

const clear = '\u001B[2J\u001B[3J\u001B[H';
const stops: Array<() => void> = [];
afterEach(() => {
	for (const stop of stops.splice(0)) {
		stop();
	}
});

function draw(tree: React.ReactElement | ((overlay: OverlayScreen) => React.ReactElement)) {
	const terminal = new Terminal();
	const keys = new Keys();
	const stdout = frameStdout(terminal as unknown as NodeJS.WriteStream);
	let clearFrame = () => {};
	const overlay = overlayScreen(stdout, () => clearFrame());
	const instance = render(typeof tree === 'function' ? tree(overlay) : tree, {
		stdout,
		stdin: keys as unknown as NodeJS.ReadStream,
		interactive: true,
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: 30,
	});
	clearFrame = () => instance.clear();
	stops.push(() => instance.unmount());
	return {terminal, keys};
}

describe('closing the help', () => {
	it('clears and prints the conversation again in the same synchronized update as the live area, in one write', async () => {
		const session = await openSession([userMessage('what is the answer?'), reply('key-what is the answer?', 'the answer is 42')]);
		const {terminal, keys} = draw(<App session={session} gateway="embedded" maxAttempts={10} />);
		await waitFor(() => terminal.since(0).includes('the answer is 42'), 'the conversation');
		keys.press('?');
		await waitFor(() => terminal.since(0).includes('Esc closes'), 'the help opens');
		const closing = terminal.writes.length;
		keys.press('\u001B');
		await waitFor(() => terminal.since(closing).includes('the answer is 42'), 'the conversation again');

		const written = terminal.writes.slice(closing);
		const withClear = written.filter(chunk => chunk.includes(clear));
		expect(withClear).toHaveLength(1);
		const [update] = withClear;
		// One write: begin, the clear first, the conversation, the live area (the composer), end.
		expect(update!.startsWith(`${beginUpdate}${clear}`)).toBe(true);
		expect(update!.endsWith(endUpdate)).toBe(true);
		expect(update!.indexOf(endUpdate)).toBe(update!.length - endUpdate.length);
		expect(update).toContain('what is the answer?');
		expect(update).toContain('the answer is 42');
		expect(update).toContain('? help');
		// Nothing before it: the screen is not cleared on its own.
		expect(written.slice(0, written.indexOf(update!)).join('')).not.toMatch(/\u001B\[2J/);
	});
});

describe('the help on the alternate screen', () => {
	it('opens and closes each in one write with Ink\'s frame, and prints nothing of the conversation again', async () => {
		const session = await openSession([userMessage('what is the answer?'), reply('key-what is the answer?', 'the answer is 42')]);
		const {terminal, keys} = draw(overlay => <App session={session} gateway="embedded" maxAttempts={10} overlay={overlay} />);
		await waitFor(() => terminal.since(0).includes('the answer is 42'), 'the conversation');
		const opening = terminal.writes.length;
		keys.press('?');
		await waitFor(() => terminal.since(opening).includes('Esc closes'), 'the help opens');
		const opened = terminal.writes.slice(opening).find(chunk => chunk.includes('\u001B[?1049h'))!;
		// The live area erased on this screen, then the other, and the help drawn there: one synchronized update.
		expect(opened.startsWith(`${beginUpdate}\u001B[2K`)).toBe(true);
		expect(opened.indexOf('\u001B[?1049h')).toBeLessThan(opened.indexOf('Esc closes'));
		expect(opened.endsWith(endUpdate)).toBe(true);

		const closing = terminal.writes.length;
		keys.press('\u001B');
		await waitFor(() => terminal.since(closing).includes('\u001B[?1049l') && terminal.since(closing).includes('? help'), 'the help closes');
		const closed = terminal.since(closing);
		expect(closed.indexOf('\u001B[?1049l')).toBeLessThan(closed.indexOf('? help'));
		expect(closed).not.toContain(clear);
		expect(closed).not.toContain('the answer is 42');
	});
});

describe('frameStdout', () => {
	it('passes each synchronized update on as one write, and what comes outside one as it comes', () => {
		const terminal = new Terminal();
		const stdout = frameStdout(terminal as unknown as NodeJS.WriteStream);
		stdout.write('a');
		stdout.write(beginUpdate);
		stdout.write('b');
		stdout.beforeNextFrame('later');
		stdout.write('c');
		stdout.write(endUpdate);
		stdout.write(beginUpdate);
		stdout.write(endUpdate);
		expect(terminal.writes).toEqual(['a', `${beginUpdate}bc${endUpdate}`, `${beginUpdate}later${endUpdate}`]);
		expect(stdout.columns).toBe(80);
		expect(stdout.isTTY).toBe(true);
	});

	it('writes at once what goes before the next frame where Ink draws no synchronized updates (no TTY)', () => {
		const pipe = new Terminal(false);
		const stdout = frameStdout(pipe as unknown as NodeJS.WriteStream);
		stdout.beforeNextFrame(clear);
		expect(pipe.writes).toEqual([clear]);
	});
});
