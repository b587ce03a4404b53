/** The link's policy numbers, in one place, and the backoff delay they imply. */
export type BackoffMode = 'exponential' | 'linear' | 'fixed';

export type LinkPolicy = {
	backoff: BackoffMode;
	/** First retry's delay ceiling. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Attempts in one burst before the link goes offline (and keeps watching on the slow schedule). */
	maxAttempts: number;
	/**
	 * A connection that closes sooner than this after its handshake counts as a failed attempt (partysocket's
	 * `minUptime`); after repeated ones, a new connection is announced only once it has stayed up this long. 0: off.
	 */
	minUptimeMs: number;
	/** Once a burst is spent, the link tries again about this often (±25 % jitter) for as long as it runs. */
	slowRetryMs: number;
	/**
	 * Waits the gateway asks for (`retryAfterMs`, `restartExpectedMs`) use up no attempt, up to this much in one
	 * outage; past it they count like any failure. Also the longest single wait a gateway can ask for.
	 */
	askedWaitBudgetMs: number;
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
	minUptimeMs: 5000,
	slowRetryMs: 60_000,
	askedWaitBudgetMs: 120_000,
	pingIntervalMs: 30_000,
	pongWindowMs: 5000,
	probeWindowMs: 1500,
	maxPayloadBytes: 25 * 1024 * 1024,
	connectTimeoutMs: 10_000,
	wakeDriftMs: 4000,
	healthCheckIntervalMs: 60_000,
	requestTimeoutMs: 30_000,
};

/** Shortest wait a gateway can ask for: OpenClaw's own client holds to 100 ms too. */
const shortestAskedMs = 100;

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

/** Delay (ms) before the next slow retry once a burst is spent: `slowRetryMs` with ±25 % jitter, drawn per retry. */
export function slowRetryDelay(policy: LinkPolicy, random: () => number): number {
	return Math.round(policy.slowRetryMs * (0.75 + random() * 0.5));
}

/** The wait (ms) to honour when a gateway asks for `askedMs`: held between 100 ms and the whole budget. */
export function askedDelay(policy: LinkPolicy, askedMs: number): number {
	return Math.round(Math.min(Math.max(askedMs, shortestAskedMs), policy.askedWaitBudgetMs));
}
