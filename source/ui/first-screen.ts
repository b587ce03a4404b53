/**
 * The first screen of a reattach, printed before the TUI loads: Ink, React and Yoga take a quarter of a
 * second to load, and showing the saved transcript needs none of them. It prints what the TUI itself would,
 * with the same renderer (print.ts), so nothing moves when the TUI starts below it, and the TUI is told which
 * items are already on screen.
 */
import {readFile} from 'node:fs/promises';
import chalk from 'chalk';
import type {Message} from '../model/message.js';
import {isSettled} from '../session/settled.js';
import {journalSuffix} from '../store/file-version.js';
import {applyPatches, readJournal} from '../store/journal.js';
import {lockHolder} from '../store/lock.js';
import {readFileInPart, readTail} from '../store/session-tail.js';
import {fitColumns} from '../text/width.js';
import {attachHeader, messagesThatFit, scrollbackLines} from './transcript-items.js';

const beginUpdate = '\u001B[?2026h';
const endUpdate = '\u001B[?2026l';

/**
 * The terminal's size (columns, rows), its output, whether tool output and thinking show in full (config
 * `tui.details`), and the gateway's label (the status line's last words).
 */
export type Screen = {columns: number; rows: number; write(text: string): unknown; details?: boolean; gateway?: string};

/**
 * What the first screen printed: the header, every message up to `lastPrinted` (on screen or left above it),
 * and below them `footerLines` lines standing in for the composer and status line until the TUI draws its own
 * (`eraseFooter` takes them away first).
 */
export type FirstScreen = {lastPrinted: string | undefined; footerLines: number};

/**
 * The composer and status line as the TUI's first frame shows them, so that the first screen is a whole frame
 * at once, whatever the session holds: a session with no history has nothing else to show while Ink loads.
 */
export function footer(name: string, gateway: string, columns: number): string {
	const status = `◌ connecting · ${name} · ${gateway}`;
	// Each line fits the width: one that wrapped would be left behind when `eraseFooter` goes up three lines.
	return ['', `${chalk.cyan('›')} ${chalk.inverse(' ')}${chalk.dim(fitColumns('message (saved now, sent when the link is back)', Math.max(1, columns - 3)))}`, chalk.yellow(fitColumns(status, Math.max(1, columns - 8)))].join('\n');
}

const footerLines = 3;

/** Moves up over the footer the first screen printed and erases from there down: the TUI's frame takes its place. */
export function eraseFooter(first: FirstScreen | undefined, write: (text: string) => unknown): void {
	if (first && first.footerLines > 0) {
		write(`\r\u001B[${first.footerLines}A\u001B[J`);
	}
}

/**
 * A session that has no file yet (`create`, or `attach --create` of a new name): its header and the footer,
 * as the TUI would draw them, before the TUI loads.
 */
export function printNewSession(name: string, screen: Screen): FirstScreen {
	screen.write(`${beginUpdate}${chalk.dim(fitColumns(attachHeader(name, {total: 0, hidden: 0}), screen.columns))}\n${footer(name, screen.gateway ?? 'embedded', screen.columns)}\n${endUpdate}`);
	return {lastPrinted: undefined, footerLines};
}

/**
 * Prints the tail of the session saved in `file`. Undefined when it printed nothing: the file cannot be read
 * as a session (the TUI's own read says why) or another client holds it (the TUI refuses it), unless `readOnly`
 * (a watcher takes no lock).
 */
export async function printFirstScreen(file: string, name: string, screen: Screen, readOnly = false): Promise<FirstScreen | undefined> {
	// The renderer's modules (markdown) load while the file is read.
	const [{printHeader, printMessage}, saved, holder] = await Promise.all([import('./print.js'), readTailOf(file, screen), readOnly ? undefined : lockHolder(`${file}.lock`)]);
	if (!saved || holder !== undefined) {
		return undefined;
	}

	const {total, tail} = saved;
	const fit = messagesThatFit(tail, scrollbackLines(screen.rows), screen.columns);
	const shown: Message[] = [];
	for (const message of tail.slice(-fit)) {
		if (!isSettled(message)) {
			break; // this one and what follows are live: the TUI draws them
		}

		shown.push(message);
	}

	const look = {columns: screen.columns, timestamps: true, fresh: false, details: screen.details === true};
	const text = [printHeader(attachHeader(name, total === undefined ? undefined : {total, hidden: total - fit}), screen.columns), ...shown.map(message => printMessage(message, look))].join('\n');
	// As one synchronized update (as Ink draws its frames): a terminal that knows the mode shows it whole, never half drawn.
	screen.write(`${beginUpdate}${text}\n${footer(name, screen.gateway ?? 'embedded', screen.columns)}\n${endUpdate}`);
	// The last message shown, or else the last one left above the screen.
	const last = shown.at(-1) ?? tail.at(-fit - 1);
	return {lastPrinted: last?.id, footerLines};
}

/**
 * The session's last messages, enough to fill the screen three times over, and how many it has when they are
 * all read. Usually only the file's end is read (see session-tail.ts); with a journal the whole file is, and the
 * journal applied.
 * Checked only as far as printing needs: the TUI validates it all next.
 */
async function readTailOf(file: string, screen: Screen): Promise<{total?: number; tail: Message[]} | undefined> {
	try {
		const journal = await readFile(`${file}${journalSuffix}`, 'utf8').catch(() => '');
		const enough = (tail: readonly unknown[]) => tail.every(isPrintable) && messagesThatFit(tail as Message[], scrollbackLines(screen.rows), screen.columns) < tail.length;
		const saved = (journal === '' ? await readFileInPart(file, async bytes => readTail(bytes, enough)) : undefined) ?? readWhole(await readFile(file, 'utf8'), journal);
		return saved?.tail.every(isPrintable) ? {...saved, tail: saved.tail as Message[]} : undefined;
	} catch {
		return undefined;
	}
}

function readWhole(text: string, journal: string): {total: number; tail: unknown[]} | undefined {
	const data = applyPatches(JSON.parse(text) as Record<string, unknown>, readJournal(journal).patches);
	return Array.isArray(data.messages) ? {total: data.messages.length, tail: data.messages as unknown[]} : undefined;
}

function isPrintable(value: unknown): boolean {
	const message = value as Partial<Record<keyof Message, unknown>> | null;
	return (
		typeof message?.id === 'string' &&
		typeof message.text === 'string' &&
		typeof message.at === 'string' &&
		typeof message.status === 'string' &&
		(message.role === 'user' || message.role === 'assistant' || message.role === 'custom')
	);
}
