/** Pure checks the link shell runs on its timers: is the peer silent, did the machine sleep. */

/** True when a ping was sent and nothing at all (pong or frame) has arrived since, for longer than the window. */
export function isPeerSilent(lastFrameAt: number, pingSentAt: number | undefined, now: number, windowMs: number): boolean {
	return pingSentAt !== undefined && lastFrameAt < pingSentAt && now - pingSentAt >= windowMs;
}

/** True when the gateway's own tick events have stopped for two intervals (what the reference client checks). */
export function ticksStopped(lastFrameAt: number, now: number, tickIntervalMs: number): boolean {
	return now - lastFrameAt > 2 * tickIntervalMs;
}

/** A periodic timer that fires far later than it was due means the process was frozen (sleep, SIGSTOP). */
export function hasSlept(lastBeatAt: number, now: number, intervalMs: number, driftMs: number): boolean {
	return now - lastBeatAt > intervalMs + driftMs;
}
