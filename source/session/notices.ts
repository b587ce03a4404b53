/** The divider a reconnect adds to the transcript, in words. Pure. */

/** An outage this long gets a summary line instead of a plain "reconnected" (ms). */
const longOfflineMs = 30_000;

/**
 * `reconnected after 2.1 s · 3 new since you left`, or after a long outage `back after 4 min 2 s offline · …
 * · sending 2 message(s) you wrote meanwhile`; undefined when there is nothing to say.
 */
export function reconnectNotice(added: number, downtimeMs: number | undefined, queued: number): string | undefined {
	const long = downtimeMs !== undefined && downtimeMs >= longOfflineMs;
	const parts = [
		...(downtimeMs === undefined ? [] : [long ? `back after ${formatDuration(downtimeMs)} offline` : `reconnected after ${formatDuration(downtimeMs)}`]),
		...(added > 0 ? [`${added} new since you left`] : []),
		...(long && queued > 0 ? [`sending ${queued} message(s) you wrote meanwhile`] : []),
	];
	return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** A duration (ms) as a person says it: `2.1 s`, `14 s`, `3 min 5 s`, `1 h 2 min`. */
export function formatDuration(ms: number): string {
	if (ms < 10_000) {
		return `${(ms / 1000).toFixed(1)} s`;
	}

	const seconds = Math.round(ms / 1000);
	if (seconds < 60) {
		return `${seconds} s`;
	}

	const minutes = Math.floor(seconds / 60);
	return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
