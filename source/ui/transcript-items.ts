/**
 * Splits the transcript into what is printed once (Ink's <Static>, append-only) and the live tail that re-renders.
 * Items are printed in order up to the first message still changing; anything the gateway's history inserts
 * earlier later is printed when it arrives, below a notice, since printed lines cannot move.
 */
import {isSettled, type Message} from '../session/message.js';
import type {Notice} from '../session/session.js';

export type TranscriptItem = {kind: 'message'; message: Message; fresh: boolean} | {kind: 'notice'; notice: Notice} | {kind: 'header'; id: string; text: string};

export function itemId(item: TranscriptItem): string {
	return item.kind === 'message' ? item.message.id : item.kind === 'notice' ? item.notice.id : item.id;
}

export function interleave(messages: readonly Message[], notices: readonly Notice[], fresh: ReadonlySet<string>): TranscriptItem[] {
	const after = new Map<string | undefined, Notice[]>();
	for (const notice of notices) {
		after.set(notice.afterMessageId, [...(after.get(notice.afterMessageId) ?? []), notice]);
	}

	const items: TranscriptItem[] = (after.get(undefined) ?? []).map(notice => ({kind: 'notice', notice}));
	for (const message of messages) {
		items.push({kind: 'message', message, fresh: fresh.has(message.id)});
		items.push(...(after.get(message.id) ?? []).map((notice): TranscriptItem => ({kind: 'notice', notice})));
	}

	return items;
}

/** Appends to `printed` (kept by the caller across renders) and returns the live tail. */
export function splitTranscript(items: readonly TranscriptItem[], printed: TranscriptItem[], printedIds: Set<string>): TranscriptItem[] {
	const live: TranscriptItem[] = [];
	for (const item of items) {
		const changing = item.kind === 'message' && !isSettled(item.message);
		if (live.length > 0 || changing) {
			live.push(item);
		} else if (!printedIds.has(itemId(item))) {
			printedIds.add(itemId(item));
			printed.push(item);
		}
	}

	return live.filter(item => !printedIds.has(itemId(item)));
}
