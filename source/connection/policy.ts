/** The link's policy numbers, in one place, and the backoff delay they imply. */
export type BackoffMode = 'exponential' | 'linear' | 'fixed';

export type LinkPolicy = {
	backoff: BackoffMode;
	/** First retry's delay ceiling. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Attempts in one burst before the link goes offline. */
	maxAttempts: number;
	/** Our own ws ping; 0 disables it (session.keep_alive: false). */
	pingIntervalMs: number;
	/** How long a ping may go unanswered before the peer is declared dead. */
	pongWindowMs: number;
	/** The shorter deadline of the ping sent at once after a wake. */
	probeWindowMs: number;
	/** Frames larger than this reset the link. */
	maxPayloadBytes: number;
	/** Deadline for the socket to open and the handshake to finish. */
	connectTimeoutMs: number;
	/** A timer that fires this much later than asked means the machine slept. */
	wakeDriftMs: number;
	/** Round-trip measurement period for the status line. */
	healthCheckIntervalMs: number;
	requestTimeoutMs: number;
};

export const defaultLinkPolicy: LinkPolicy = {
	backoff: 'exponential',
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxAttempts: 10,
	pingIntervalMs: 30_000,
	pongWindowMs: 5000,
	probeWindowMs: 1500,
	maxPayloadBytes: 25 * 1024 * 1024,
	connectTimeoutMs: 10_000,
	wakeDriftMs: 4000,
	healthCheckIntervalMs: 60_000,
	requestTimeoutMs: 30_000,
};

/**
 * Delay before retry number `attempt` (1-based). Exponential and linear growth use full jitter,
 * drawn per attempt, so that many clients dropped together do not come back together.
 */
export function backoffDelay(policy: LinkPolicy, attempt: number, random: () => number): number {
	const {baseDelayMs: base, maxDelayMs: cap} = policy;
	if (policy.backoff === 'fixed') {
		return Math.min(base, cap);
	}

	const ceiling = policy.backoff === 'exponential' ? base * 2 ** Math.min(attempt - 1, 30) : base * attempt;
	return Math.round(random() * Math.min(cap, ceiling));
}
