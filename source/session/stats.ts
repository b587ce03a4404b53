/** What a session's link record says: how often it dropped and how long it took to come back. */
import type {LinkRecord} from '../model/session-data.js';

export type LinkStats = {
	drops: number;
	reconnects: number;
	longestDowntimeMs: number | undefined;
	medianReconnectMs: number | undefined;
	lastDrop: LinkRecord | undefined;
};

export function linkStats(events: readonly LinkRecord[]): LinkStats {
	const drops = events.filter(event => event.type === 'disconnected');
	const downtimes = events
		.filter(event => event.type === 'reconnected' && event.downtimeMs !== undefined)
		.map(event => event.downtimeMs!)
		.toSorted((a, b) => a - b);
	const middle = Math.floor(downtimes.length / 2);
	const median = downtimes.length === 0 ? undefined : (downtimes.length % 2 === 1 ? downtimes[middle] : (downtimes[middle - 1]! + downtimes[middle]!) / 2);
	return {drops: drops.length, reconnects: downtimes.length, longestDowntimeMs: downtimes.at(-1), medianReconnectMs: median, lastDrop: drops.at(-1)};
}
