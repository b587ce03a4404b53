/**
 * Splits the transcript into what is printed once (above the prompt, for good) and the live tail that re-renders.
 * Items are printed in order up to the first message still changing; anything the gateway's history inserts
 * earlier later is printed when it arrives, below a notice, since printed lines cannot move.
 */
import type {Message} from '../model/message.js';
import {isSettled} from '../session/settled.js';
import type {Notice} from '../session/session.js';
import {heightOf, lastColumns, minHeightOf} from '../text/width.js';

export type TranscriptItem = {kind: 'message'; message: Message; fresh: boolean} | {kind: 'notice'; notice: Notice};

export function itemId(item: TranscriptItem): string {
	return item.kind === 'message' ? item.message.id : item.notice.id;
}

export type Split = {additions: TranscriptItem[]; live: TranscriptItem[]};

/**
 * The items not printed yet, split into those to print now (in order, up to the first message still changing;
 * the caller adds their ids to what it printed) and the live tail. Notices follow the message they were added after.
 */
export function splitTranscript(messages: readonly Message[], notices: readonly Notice[], fresh: ReadonlySet<string>, printedIds: ReadonlySet<string>): Split {
	const after = new Map<string | undefined, Notice[]>();
	for (const notice of notices) {
		after.set(notice.afterMessageId, [...(after.get(notice.afterMessageId) ?? []), notice]);
	}

	const split: Split = {additions: [], live: []};
	const place = (item: TranscriptItem, settled: boolean) => {
		if (split.live.length > 0 || !settled) {
			split.live.push(item);
		} else {
			split.additions.push(item);
		}
	};

	const placeNotices = (messageId: string | undefined) => {
		for (const notice of after.get(messageId) ?? []) {
			if (!printedIds.has(notice.id)) {
				place({kind: 'notice', notice}, true);
			}
		}
	};

	placeNotices(undefined);
	for (const message of messages) {
		// Printed messages are most of a long session: skipped before anything is made for them.
		if (!printedIds.has(message.id)) {
			place({kind: 'message', message, fresh: fresh.has(message.id)}, isSettled(message));
		}

		placeNotices(message.id);
	}

	return split;
}

/**
 * The rows each item of the live area may take, so that together they fit in `rows`: from the last item (the
 * reply streaming) back, each gets what it needs (`heights`, in rows; Infinity for one that grows) but leaves
 * `least` rows to each item before it. An item given fewer rows than it needs shows its end.
 */
export function liveBudgets(heights: readonly number[], rows: number, least = 4): number[] {
	const budgets: number[] = [];
	let left = rows;
	for (let index = heights.length - 1; index >= 0; index--) {
		const budget = Math.min(heights[index]!, Math.max(least, left - least * index));
		budgets[index] = budget;
		left -= budget;
	}

	return budgets;
}

/** Lines of history a reattach prints above the prompt: three screens (`tether show` has the rest). */
export function scrollbackLines(rows: number): number {
	return rows * 3;
}

/**
 * How many of the last messages fill `lines` terminal lines at `columns` wide (at least one): reattaching
 * prints only these, so a long session opens as fast as a short one; `tether show` has the rest.
 */
export function messagesThatFit(messages: readonly Message[], lines: number, columns: number): number {
	const width = Math.max(20, columns - 4);
	let used = 0;
	let count = 0;
	for (let index = messages.length - 1; index >= 0 && used < lines; index--) {
		used += 2 + heightOf(messages[index]!.text, width); // a header line and a blank one, then the text
		count++;
	}

	return count;
}

/**
 * What reattaching shows: a header line, and how many of the first messages in memory stay off screen
 * (`tether show` has them, and the `earlier` ones left in the file). At a message (`--at`), from a little
 * before it; otherwise the last `lines` worth.
 */
export function attachView(name: string, messages: readonly Message[], view: {lines: number; columns: number; at?: string | undefined; earlier: number}): {header: string; hidden: number} {
	const target = view.at === undefined ? -1 : messages.findIndex(m => m.id === view.at);
	const hidden = target === -1 ? messages.length - messagesThatFit(messages, view.lines, view.columns) : Math.max(0, target - 3);
	return {header: attachHeader(name, {total: view.earlier + messages.length, hidden: view.earlier + hidden}), hidden};
}

/** The ids of the messages up to `last`, which the first screen printed or left above it (see first-screen.ts). */
export function idsThrough(messages: readonly Message[], last: string | undefined): Set<string> {
	return new Set(messages.slice(0, last === undefined ? 0 : messages.findIndex(m => m.id === last) + 1).map(m => m.id));
}

/**
 * The line above a reattach's transcript: how many messages the session has and how many of them are not shown,
 * unless only the end of a long session was read (`counts` undefined: the first screen does not count what it
 * did not read, see session-tail.ts).
 */
export function attachHeader(name: string, counts?: {total: number; hidden: number}): string {
	if (counts === undefined) {
		return `── ${name} · earlier messages not shown (tether show ${name}) ──`;
	}

	const {total, hidden} = counts;
	return `── ${name} · ${total} message(s)${hidden > 0 ? ` · ${hidden} earlier not shown (tether show ${name})` : ''} ──`;
}

/**
 * The end of a reply still streaming that fits in `lines`: the live part of the screen is redrawn on every
 * frame and must stay shorter than the terminal, or it flickers; the whole reply is printed when it ends. A
 * tail that starts inside a code block or a table keeps the block's opening (its fence; the table's header and
 * delimiter row), so it renders as the block it is part of rather than as loose text and pipes.
 */
export function streamingTail(text: string, lines: number, columns: number): {text: string; truncated: boolean} {
	const width = Math.max(20, columns - 4);
	const all = text.split('\n');
	let used = 0;
	let start = all.length;
	// The lower bound first: a line longer than the space is never wrapped just to learn that.
	while (start > 0 && used + minHeightOf(all[start - 1]!, width) <= lines && used + heightOf(all[start - 1]!, width) <= lines) {
		used += heightOf(all[--start]!, width);
	}

	// The last line alone is taller than the space: its last screenful (in columns: wide characters take two).
	const shown = start === all.length ? [lastColumns(all.at(-1)!, lines * width)] : [...blockOpening(all, start), ...all.slice(start)];
	const tail = shown.join('\n');
	return {text: tail, truncated: start > 0};
}

const fenceLine = /^ {0,3}(`{3,}|~{3,})/;
const delimiterRow = /^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** The lines that open the block `lines[start]` is inside of: a code fence, or a table's header and delimiter row. */
function blockOpening(lines: readonly string[], start: number): string[] {
	let fence: {line: string; marker: string} | undefined;
	for (let index = 0; index < start; index++) {
		const marker = fenceLine.exec(lines[index]!)?.[1];
		if (marker === undefined) {
			continue;
		}

		// A fence closes with the same character, at least as long, and nothing after it.
		if (fence === undefined) {
			fence = {line: lines[index]!, marker};
		} else if (marker[0] === fence.marker[0] && marker.length >= fence.marker.length && lines[index]!.trim() === marker) {
			fence = undefined;
		}
	}

	if (fence) {
		return [fence.line];
	}

	// A table is a run of lines with pipes, its header row then its delimiter row first.
	let top = start;
	while (top > 0 && lines[top - 1]!.includes('|') && lines[top - 1]!.trim() !== '') {
		top--;
	}

	const delimiter = top + 1;
	if (top === start || delimiter > start || !delimiterRow.test(lines[delimiter] ?? '') || !lines[delimiter]!.includes('-')) {
		return [];
	}

	return delimiter === start ? [lines[top]!] : [lines[top]!, lines[delimiter]!];
}
