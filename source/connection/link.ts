/**
 * The link: one stable object over a reconnecting WebSocket to a gateway. The pure machine decides; this shell
 * opens sockets, runs the handshake, the heartbeat and wake detection, and matches responses to requests.
 */
import {EventEmitter} from 'node:events';
import {WebSocket} from 'ws';
import type {z} from 'zod';
import {check, parseFrame, type EventFrame, type ResponseFrame} from '../protocol/frames.js';
import {connectChallengeSchema, helloOkSchema, shutdownEventSchema, type HelloOk} from '../protocol/payloads.js';
import {connectParams, type Challenge} from '../protocol/params.js';
import type {DeviceIdentity} from '../protocol/device-auth.js';
import {version} from '../version.js';
import {describeConnectError, EndpointRefused, EndpointUnavailable, GatewayRequestError, isFatalConnectError, LinkDown} from './errors.js';
import {pairingRequest, type PairingRequest} from './pairing.js';
import {hasSlept, isPeerSilent, ticksStopped} from './liveness.js';
import {portAccepts} from './port-probe.js';
import {CertificateMismatch, openSocket} from './socket.js';
import {step, type LinkEffect, type LinkEvent, type LinkState} from './machine.js';
import type {LinkPolicy} from './policy.js';
import {hideUserinfo} from '../text/url-credentials.js';

export type Endpoint = {
	url: string;
	/** The gateway's shared token. */
	token?: string;
	/** This machine's device identity and the token a gateway issued to it, for real OpenClaw gateways. */
	device?: DeviceCredentials;
	/** SHA-256 of a self-signed certificate to trust for wss:// (as `openclaw tui --tls-fingerprint`). */
	tlsFingerprint?: string;
	/** Ask for exec approvals too (scope `operator.approvals`, cap `exec-approvals`; config `gateway.approvals`). */
	approvals?: boolean;
};

export type DeviceCredentials = {
	identity: DeviceIdentity;
	issuedToken: string | undefined;
	/** Keeps a token the gateway issued (undefined: it refused the one we had). */
	remember(issued: {token: string; role: string; scopes: string[]} | undefined): Promise<void>;
};

export type LinkOptions = {
	/** Called before every attempt, so an embedded gateway can be (re)started on demand. */
	endpoint: () => Promise<Endpoint>;
	policy: LinkPolicy;
	now?: () => number;
	random?: () => number;
};

export type OpenInfo = {hello: HelloOk; downtimeMs: number | undefined; reason: string | undefined};

type LinkEvents = {
	state: [LinkState];
	open: [OpenInfo];
	event: [EventFrame];
	/** The per-connection event seq jumped: something was missed, reload history. */
	gap: [];
	/** The gateway wants this device approved first; the link keeps asking, slowly. */
	pairing: [PairingRequest];
	latency: [number];
};

type Pending = {resolve: (payload: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout};

const heartbeatCheckMs = 1000;
const pairingRetryMs = 30_000;
/** How often a waiting link checks whether the refused port listens again (cheap: a TCP connect), in a burst and after it. */
const knockIntervalMs = 250;
const offlineKnockIntervalMs = 1000;

type LostOptions = {retryAfterMs?: number; minDelayMs?: number; atOnce?: boolean; stalled?: boolean};

export class Link extends EventEmitter<LinkEvents> {
	#state: LinkState = {kind: 'idle'};
	#socket: WebSocket | undefined;
	#hello: HelloOk | undefined;
	#pending = new Map<string, Pending>();
	#nextId = 1;
	#retryTimer: NodeJS.Timeout | undefined;
	/** While backing off after a refused connection: the URL to knock on, and the knocking. */
	#knock: string | undefined;
	#knockTimer: NodeJS.Timeout | undefined;
	#beat: NodeJS.Timeout | undefined;
	#lastBeatAt = 0;
	#lastFrameAt = 0;
	#pingSentAt: number | undefined;
	#pingTimer: NodeJS.Timeout | undefined;
	#pongDeadline: NodeJS.Timeout | undefined;
	#nextHealthAt = 0;
	#lastSeq: number | undefined;
	/** How the next loss should be treated, learnt before the socket closed (a shutdown event, a connect refusal). */
	#nextLoss: LostOptions = {};
	#latencyMs: number | undefined;
	#url: string | undefined;
	readonly #now: () => number;
	readonly #random: () => number;

	constructor(private readonly options: LinkOptions) {
		super();
		this.#now = options.now ?? Date.now;
		this.#random = options.random ?? Math.random;
	}

	get state(): LinkState {
		return this.#state;
	}

	get hello(): HelloOk | undefined {
		return this.#hello;
	}

	/** The URL of the gateway this link last connected to, as it may be shown and stored: without its userinfo. */
	get url(): string | undefined {
		return this.#url === undefined ? undefined : hideUserinfo(this.#url);
	}

	get latencyMs(): number | undefined {
		return this.#latencyMs;
	}

	start(): void {
		this.#lastBeatAt = this.#now();
		this.#beat = setInterval(() => this.#onBeat(), heartbeatCheckMs);
		this.#dispatch({type: 'start'});
	}

	stop(): void {
		clearInterval(this.#beat);
		this.#dispatch({type: 'stop'});
	}

	/** The user asked to retry (key r), or something else says the network is back. */
	retryNow(): void {
		this.#dispatch({type: 'retry'});
	}

	/** Woken from sleep (SIGCONT, timer drift): probe an open link, skip any backoff wait. */
	wake(): void {
		this.#dispatch({type: 'woke'});
	}

	async request<T>(method: string, params: unknown, schema: z.ZodType<T>): Promise<T> {
		const socket = this.#socket;
		if (this.#state.kind !== 'open' || !socket) {
			throw new LinkDown(`not connected (${method})`);
		}

		const payload = await this.#call(socket, method, params);
		const result = check(schema, payload, `${method} result`);
		if (!result.ok) {
			throw new LinkDown(result.reason);
		}

		return result.value;
	}

	#dispatch(given: LinkEvent): void {
		// A reason is shown and stored (the link record in the session file): an error quoting the URL must not carry its password.
		const event = 'reason' in given ? {...given, reason: hideUserinfo(given.reason)} : given;
		const {state, effects} = step(this.#state, event, {policy: this.options.policy, now: this.#now(), random: this.#random});
		const previous = this.#state;
		this.#state = state;
		if (state.kind !== 'backoff' && state.kind !== 'offline') {
			this.#stopKnocking();
		}

		for (const effect of effects) {
			this.#perform(effect);
		}

		if (state !== previous) {
			this.emit('state', state);
		}

		if (state.kind === 'open' && previous.kind === 'connecting' && this.#hello) {
			const downSince = previous.downSince;
			this.emit('open', {hello: this.#hello, downtimeMs: downSince === undefined ? undefined : this.#now() - downSince, reason: previous.lastError});
		}
	}

	#perform(effect: LinkEffect): void {
		switch (effect.type) {
			case 'connect': {
				void this.#connect();
				break;
			}

			case 'schedule': {
				clearTimeout(this.#retryTimer);
				this.#stopKnocking();
				this.#retryTimer = setTimeout(() => this.#dispatch({type: 'timer'}), effect.ms);
				const url = this.#knock;
				const every = this.#state.kind === 'offline' ? offlineKnockIntervalMs : knockIntervalMs;
				if (url && (this.#state.kind === 'backoff' || this.#state.kind === 'offline') && effect.ms > every) {
					this.#knockTimer = setInterval(() => void this.#knockOn(url), every);
				}

				break;
			}

			case 'cancel-timer': {
				clearTimeout(this.#retryTimer);
				break;
			}

			case 'probe': {
				this.#ping(this.options.policy.probeWindowMs, true);
				break;
			}

			case 'disconnect': {
				this.#drop();
				break;
			}
		}
	}

	async #connect(): Promise<void> {
		let endpoint: Endpoint;
		try {
			endpoint = await this.options.endpoint();
		} catch (error) {
			this.#fail(error);
			return;
		}

		if (this.#state.kind !== 'connecting') {
			return;
		}

		this.#knock = undefined;
		this.#nextLoss = {};
		const socket = openSocket(endpoint.url, this.options.policy, endpoint.tlsFingerprint);
		this.#socket = socket;
		this.#url = endpoint.url;
		this.#lastSeq = undefined;
		const deadline = setTimeout(() => this.#lost(socket, 'timed out connecting', {stalled: true}), this.options.policy.connectTimeoutMs);
		let challenge: Challenge | undefined;
		socket.on('message', data => {
			this.#lastFrameAt = this.#now();
			const parsed = parseFrame(data.toString());
			if (!parsed.ok) {
				return;
			}

			const frame = parsed.value;
			if (frame.type === 'res') {
				this.#settle(frame);
			} else if (frame.type === 'event' && !challenge && frame.event === 'connect.challenge') {
				const parsed = check(connectChallengeSchema, frame.payload, 'challenge');
				if (parsed.ok) {
					challenge = parsed.value;
					void this.#handshake(socket, endpoint, parsed.value).finally(() => clearTimeout(deadline));
				}
			} else if (frame.type === 'event' && challenge && socket === this.#socket) {
				this.#onEvent(frame);
			}
		});
		socket.on('pong', () => {
			const now = this.#now();
			this.#lastFrameAt = now;
			if (this.#pingSentAt !== undefined) {
				this.#latencyMs = now - this.#pingSentAt;
				this.#pingSentAt = undefined;
				this.emit('latency', this.#latencyMs);
			}
		});
		socket.on('close', (code, reason) => {
			clearTimeout(deadline);
			this.#lost(socket, closeReason(code, reason.toString()));
		});
		socket.on('error', error => {
			clearTimeout(deadline);
			if (error instanceof CertificateMismatch && socket === this.#socket) {
				// Retrying cannot make a wrong certificate right, and it may be someone in the middle.
				this.#dispatch({type: 'fatal', code: 'TLS_FINGERPRINT_MISMATCH', reason: error.message});
			} else {
				// Nothing listened: while waiting to retry, knock on the port, and come back the moment it opens.
				this.#knock = isRefusal(error) ? endpoint.url : undefined;
				this.#lost(socket, describeSocketError(error));
			}
		});
	}

	async #handshake(socket: WebSocket, endpoint: Endpoint, challenge: Challenge): Promise<void> {
		const {device} = endpoint;
		const credentials = {...(endpoint.token && {token: endpoint.token}), ...(device && {device: device.identity, deviceToken: device.issuedToken})};
		const params = connectParams(credentials, challenge, {version, platform: process.platform, approvals: endpoint.approvals === true});
		try {
			const payload = await this.#call(socket, 'connect', params);
			const hello = check(helloOkSchema, payload, 'hello');
			if (!hello.ok) {
				this.#lost(socket, hello.reason);
				return;
			}

			if (socket !== this.#socket) {
				return;
			}

			this.#hello = hello.value;
			const issued = hello.value.auth.deviceToken;
			if (device && issued) {
				await device.remember({token: issued, role: hello.value.auth.role, scopes: hello.value.auth.scopes}).catch(() => undefined);
			}

			if (socket !== this.#socket) {
				return;
			}

			this.#nextHealthAt = this.#now();
			const {pingIntervalMs, pongWindowMs} = this.options.policy;
			if (pingIntervalMs > 0) {
				this.#pingTimer = setInterval(() => this.#ping(pongWindowMs), pingIntervalMs);
			}

			// The machine says whether the link is open now or first on trial; #dispatch announces it.
			this.#dispatch({type: 'opened'});
		} catch (error) {
			const pairing = error instanceof GatewayRequestError ? pairingRequest(error) : undefined;
			if (pairing) {
				// Approval is a person's job on the gateway host: ask once in a while, not in a tight loop.
				this.emit('pairing', pairing);
				this.#lost(socket, pairing.message, {minDelayMs: pairingRetryMs});
			} else if (error instanceof GatewayRequestError && error.detailCode === 'AUTH_DEVICE_TOKEN_MISMATCH' && device?.issuedToken) {
				// The gateway revoked the device token: forget it and fall back to the shared token or pairing.
				await device.remember(undefined);
				this.#lost(socket, describeConnectError(error));
			} else if (error instanceof GatewayRequestError && isFatalConnectError(error)) {
				this.#dispatch({type: 'fatal', code: error.detailCode ?? error.code, reason: describeConnectError(error)});
			} else if (error instanceof GatewayRequestError) {
				// Only a retryable refusal's retryAfterMs is a promise to come back then (OpenClaw sends 0 on others).
				const asked = error.shape.retryable === true ? error.retryAfterMs : undefined;
				this.#lost(socket, describeConnectError(error), asked === undefined ? {} : {retryAfterMs: asked});
			}
		}
	}

	async #call(socket: WebSocket, method: string, params: unknown): Promise<unknown> {
		const id = String(this.#nextId++);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#pending.delete(id);
				reject(new LinkDown(`${method} timed out`));
			}, this.options.policy.requestTimeoutMs);
			this.#pending.set(id, {
				resolve,
				reject: error => reject(error instanceof GatewayRequestError ? new GatewayRequestError(method, error.shape) : error),
				timer,
			});
			socket.send(JSON.stringify({type: 'req', id, method, params}));
		});
	}

	#settle(frame: ResponseFrame): void {
		const pending = this.#pending.get(frame.id);
		if (!pending) {
			return;
		}

		this.#pending.delete(frame.id);
		clearTimeout(pending.timer);
		if (frame.ok) {
			pending.resolve(frame.payload);
		} else {
			pending.reject(new GatewayRequestError('request', frame.error ?? {code: 'UNKNOWN', message: 'the gateway gave no reason'}));
		}
	}

	#onEvent(frame: EventFrame): void {
		if (frame.event === 'shutdown') {
			// A restarting gateway says when it expects to be back: that wait uses up no attempt.
			const shutdown = check(shutdownEventSchema, frame.payload, 'shutdown');
			const asked = shutdown.ok ? shutdown.value.restartExpectedMs : undefined;
			this.#nextLoss = asked === undefined ? {} : {retryAfterMs: asked};
			return;
		}

		// Events that come before the link is announced open (with the hello, or on a trial connection) are not the
		// session's: it reads history once the link is open.
		if (this.#state.kind !== 'open') {
			return;
		}

		if (frame.seq !== undefined) {
			const gap = this.#lastSeq !== undefined && frame.seq > this.#lastSeq + 1;
			this.#lastSeq = frame.seq;
			if (gap) {
				this.emit('gap');
			}
		}

		this.emit('event', frame);
	}

	#onBeat(): void {
		const now = this.#now();
		const slept = hasSlept(this.#lastBeatAt, now, heartbeatCheckMs, this.options.policy.wakeDriftMs);
		this.#lastBeatAt = now;
		if (slept) {
			this.wake();
			return;
		}

		const socket = this.#socket;
		if (this.#state.kind !== 'open' || !socket) {
			return;
		}

		// The gateway's own heartbeat: its tick events stopping means the link is dead even without our pings.
		if (ticksStopped(this.#lastFrameAt, now, this.#hello?.policy.tickIntervalMs ?? 30_000)) {
			this.#lost(socket, 'the gateway stopped answering', {stalled: true});
			return;
		}

		if (now >= this.#nextHealthAt) {
			this.#nextHealthAt = now + this.options.policy.healthCheckIntervalMs;
			this.#ping(this.options.policy.pongWindowMs);
		}
	}

	/**
	 * Pings and declares the peer dead if nothing at all arrives within `windowMs`. A wake probe that fails
	 * reconnects at once: the machine was asleep long enough already.
	 */
	#ping(windowMs: number, probe = false): void {
		const socket = this.#socket;
		if (socket?.readyState !== WebSocket.OPEN) {
			return;
		}

		const sentAt = this.#now();
		this.#pingSentAt = sentAt;
		socket.ping();
		clearTimeout(this.#pongDeadline);
		this.#pongDeadline = setTimeout(() => {
			if (isPeerSilent(this.#lastFrameAt, sentAt, this.#now(), windowMs)) {
				this.#lost(socket, 'the gateway stopped answering', {atOnce: probe, stalled: true});
			} else if (this.#pingSentAt === sentAt) {
				this.#pingSentAt = undefined;
			}
		}, windowMs);
	}

	#stopKnocking(): void {
		clearInterval(this.#knockTimer);
		this.#knockTimer = undefined;
	}

	/** A TCP connect to the gateway's port: if something listens again, skip the rest of the backoff wait. */
	async #knockOn(url: string): Promise<void> {
		const {hostname, port, protocol} = new URL(url);
		const open = await portAccepts(hostname.replaceAll(/^\[|\]$/g, ''), Number(port || (protocol === 'wss:' ? 443 : 80)), knockIntervalMs);
		if (open && this.#knockTimer) {
			this.#dispatch({type: 'reachable'});
		}
	}

	#lost(socket: WebSocket, reason: string, options: LostOptions = {}): void {
		if (socket !== this.#socket) {
			return;
		}

		const learnt = this.#nextLoss;
		this.#nextLoss = {};
		this.#dispatch({type: 'lost', reason, ...learnt, ...options});
	}

	#fail(error: unknown): void {
		const reason = error instanceof Error ? error.message : String(error);
		this.#knock = error instanceof EndpointUnavailable ? error.url : undefined;
		this.#dispatch(error instanceof EndpointRefused ? {type: 'fatal', code: 'ENDPOINT_REFUSED', reason} : {type: 'lost', reason});
	}

	/** Closes the current socket (if any) and fails what was waiting on it. */
	#drop(): void {
		const socket = this.#socket;
		this.#socket = undefined;
		this.#pingSentAt = undefined;
		clearInterval(this.#pingTimer);
		clearTimeout(this.#pongDeadline);
		if (socket) {
			socket.removeAllListeners();
			socket.on('error', () => undefined);
			socket.terminate();
		}

		for (const [id, pending] of this.#pending) {
			clearTimeout(pending.timer);
			pending.reject(new LinkDown('the link went down'));
			this.#pending.delete(id);
		}
	}
}

function closeReason(code: number, reason: string): string {
	if (code === 1012) {
		return 'the gateway restarted';
	}

	return reason ? `closed (${code}): ${reason}` : `closed (${code})`;
}

/** A socket error as a user reads it: `connection refused`, not `connect ECONNREFUSED 127.0.0.1:18780`. */
function describeSocketError(error: Error): string {
	const {code} = error as NodeJS.ErrnoException;
	switch (code) {
		case 'ECONNREFUSED': {
			return 'connection refused';
		}

		case 'ECONNRESET': {
			return 'connection reset';
		}

		case 'EHOSTUNREACH':
		case 'ENETUNREACH': {
			return 'no route to the gateway\'s host';
		}

		case 'ENOTFOUND':
		case 'EAI_AGAIN': {
			return `cannot resolve ${(error as NodeJS.ErrnoException & {hostname?: string}).hostname ?? 'the gateway\'s host'}`;
		}

		default: {
			return error.message;
		}
	}
}

/** The connection itself was refused or could not be routed: no server there, as opposed to one that misbehaves. */
function isRefusal(error: Error): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
}
