/**
 * What has gone to Ink's <Static> (printed above the live area for good) and what waits for its turn, as a
 * value: a render computes the next one without changing this one, and an effect keeps it once the frame is
 * committed (see App). Ink lays out what it prints as an object per terminal cell, so a reply of thousands of
 * lines printed at once would cost hundreds of megabytes for a moment: lines go in batches, one a frame.
 */

export type PrintLog = {
	/** Items (messages, notices) printed or waiting to be, by id: they are never live again. */
	readonly ids: ReadonlySet<string>;
	/** <Static>'s items so far, each '' once printed: Static prints each item once, by index, and the text is let go. */
	readonly handed: readonly string[];
	/** Lines waiting for a batch. */
	readonly waiting: readonly string[];
	/** Whether a batch may go in the next render: after one goes, the next waits a frame (see `reopened`). */
	readonly open: boolean;
};

/** A log where the items `ids` count as printed already, and `text` (a header) is the first to print. */
export function printLog(ids: ReadonlySet<string>, text?: string): PrintLog {
	return {ids, handed: [], waiting: text === undefined ? [] : text.split('\n'), open: true};
}

/** An item that settled in this render: its id, and its text as printed. */
export type Addition = {id: string; text: string};

/**
 * One render's printing: <Static>'s items (with a batch of at most `batchLines` lines of what waits, and of
 * `additions`, when one may go), and the log once they are printed. Pure: `log` is left as it was, and with
 * nothing to add or print `next` is `log` itself.
 */
export function printStep(log: PrintLog, additions: readonly Addition[], batchLines: number): {items: readonly string[]; next: PrintLog} {
	if (additions.length === 0 && !(log.open && log.waiting.length > 0)) {
		return {items: log.handed, next: log};
	}

	const ids = additions.length === 0 ? log.ids : new Set([...log.ids, ...additions.map(addition => addition.id)]);
	const waiting = [...log.waiting, ...additions.flatMap(addition => addition.text.split('\n'))];
	if (!log.open) {
		return {items: log.handed, next: {...log, ids, waiting}};
	}

	const rest = waiting.slice(batchLines);
	return {
		items: [...log.handed, waiting.slice(0, batchLines).join('\n')],
		next: {ids, handed: [...log.handed, ''], waiting: rest, open: rest.length === 0},
	};
}

/** The log a frame after a batch went: the next may go. */
export function reopened(log: PrintLog): PrintLog {
	return log.open ? log : {...log, open: true};
}
