/**
 * The link: one stable object over a reconnecting WebSocket to a gateway. The pure machine decides; this shell
 * opens sockets, runs the handshake, the heartbeat and wake detection, and matches responses to requests.
 */
import {EventEmitter} from 'node:events';
import WebSocket from 'ws';
import type {z} from 'zod';
import {check, parseFrame, PROTOCOL_VERSION, type EventFrame, type ResponseFrame} from '../protocol/frames.js';
import {connectChallengeSchema, helloOkSchema, shutdownEventSchema, type HelloOk} from '../protocol/payloads.js';
import {CLIENT_ID, CLIENT_MODE, OPERATOR_SCOPES} from '../protocol/params.js';
import {version} from '../version.js';
import {describeConnectError, EndpointRefused, GatewayRequestError, isFatalConnectError, LinkDown} from './errors.js';
import {hasSlept, isPeerSilent, ticksStopped} from './liveness.js';
import {step, type LinkEffect, type LinkEvent, type LinkState} from './machine.js';
import type {LinkPolicy} from './policy.js';

export type Endpoint = {url: string; token?: string};

export type LinkOptions = {
	/** Called before every attempt, so an embedded gateway can be (re)started on demand. */
	endpoint: () => Promise<Endpoint>;
	policy: LinkPolicy;
	now?: () => number;
	random?: () => number;
	createSocket?: (url: string) => WebSocket;
};

export type OpenInfo = {hello: HelloOk; downtimeMs: number | undefined; reason: string | undefined};

type LinkEvents = {
	state: [LinkState];
	open: [OpenInfo];
	event: [EventFrame];
	/** The per-connection event seq jumped: something was missed, reload history. */
	gap: [];
	latency: [number];
};

type Pending = {resolve: (payload: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout};

const heartbeatCheckMs = 1000;

export class Link extends EventEmitter<LinkEvents> {
	#state: LinkState = {kind: 'idle'};
	#socket: WebSocket | undefined;
	#hello: HelloOk | undefined;
	#pending = new Map<string, Pending>();
	#nextId = 1;
	#retryTimer: NodeJS.Timeout | undefined;
	#beat: NodeJS.Timeout | undefined;
	#lastBeatAt = 0;
	#lastFrameAt = 0;
	#pingSentAt: number | undefined;
	#pingTimer: NodeJS.Timeout | undefined;
	#pongDeadline: NodeJS.Timeout | undefined;
	#nextHealthAt = 0;
	#lastSeq: number | undefined;
	#minNextDelayMs: number | undefined;
	#latencyMs: number | undefined;
	#url: string | undefined;
	readonly #now: () => number;
	readonly #random: () => number;
	readonly #createSocket: (url: string) => WebSocket;

	constructor(private readonly options: LinkOptions) {
		super();
		this.#now = options.now ?? Date.now;
		this.#random = options.random ?? Math.random;
		this.#createSocket =
			options.createSocket ?? (url => new WebSocket(url, {maxPayload: options.policy.maxPayloadBytes, handshakeTimeout: options.policy.connectTimeoutMs}));
	}

	get state(): LinkState {
		return this.#state;
	}

	get hello(): HelloOk | undefined {
		return this.#hello;
	}

	/** The URL of the gateway this link last connected to. */
	get url(): string | undefined {
		return this.#url;
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

	#dispatch(event: LinkEvent): void {
		const {state, effects} = step(this.#state, event, {policy: this.options.policy, now: this.#now(), random: this.#random});
		const previous = this.#state;
		this.#state = state;
		for (const effect of effects) {
			this.#perform(effect);
		}

		if (state !== previous) {
			this.emit('state', state);
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
				this.#retryTimer = setTimeout(() => this.#dispatch({type: 'timer'}), effect.ms);
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

		const socket = this.#createSocket(endpoint.url);
		this.#socket = socket;
		this.#url = endpoint.url;
		this.#lastSeq = undefined;
		const deadline = setTimeout(() => this.#lost(socket, 'timed out connecting'), this.options.policy.connectTimeoutMs);
		let challenged = false;
		socket.on('message', data => {
			this.#lastFrameAt = this.#now();
			const parsed = parseFrame(data.toString());
			if (!parsed.ok) {
				return;
			}

			const frame = parsed.value;
			if (frame.type === 'res') {
				this.#settle(frame);
			} else if (frame.type === 'event' && !challenged && frame.event === 'connect.challenge') {
				challenged = check(connectChallengeSchema, frame.payload, 'challenge').ok;
				if (challenged) {
					void this.#handshake(socket, endpoint).finally(() => clearTimeout(deadline));
				}
			} else if (frame.type === 'event' && this.#state.kind === 'open') {
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
			this.#lost(socket, error.message);
		});
	}

	async #handshake(socket: WebSocket, endpoint: Endpoint): Promise<void> {
		const params = {
			minProtocol: PROTOCOL_VERSION,
			maxProtocol: PROTOCOL_VERSION,
			client: {id: CLIENT_ID, version, platform: process.platform, mode: CLIENT_MODE},
			role: 'operator',
			scopes: OPERATOR_SCOPES,
			caps: [],
			...(endpoint.token && {auth: {token: endpoint.token}}),
		};
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

			const downSince = this.#state.kind === 'connecting' ? this.#state.downSince : undefined;
			const reason = this.#state.kind === 'connecting' ? this.#state.lastError : undefined;
			this.#hello = hello.value;
			const now = this.#now();
			this.#nextHealthAt = now;
			const {pingIntervalMs, pongWindowMs} = this.options.policy;
			if (pingIntervalMs > 0) {
				this.#pingTimer = setInterval(() => this.#ping(pongWindowMs), pingIntervalMs);
			}

			this.#dispatch({type: 'opened'});
			this.emit('open', {hello: hello.value, downtimeMs: downSince === undefined ? undefined : now - downSince, reason});
		} catch (error) {
			if (error instanceof GatewayRequestError && isFatalConnectError(error)) {
				this.#dispatch({type: 'fatal', code: error.detailCode ?? error.code, reason: describeConnectError(error)});
			} else if (error instanceof GatewayRequestError) {
				this.#minNextDelayMs = error.retryAfterMs;
				this.#lost(socket, describeConnectError(error));
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
		if (frame.seq !== undefined) {
			const gap = this.#lastSeq !== undefined && frame.seq > this.#lastSeq + 1;
			this.#lastSeq = frame.seq;
			if (gap) {
				this.emit('gap');
			}
		}

		if (frame.event === 'shutdown') {
			// A restarting gateway says when it expects to be back; no point knocking earlier.
			const shutdown = check(shutdownEventSchema, frame.payload, 'shutdown');
			this.#minNextDelayMs = shutdown.ok ? shutdown.value.restartExpectedMs : undefined;
			return;
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
			this.#lost(socket, 'the gateway stopped answering');
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
				this.#lost(socket, 'the gateway stopped answering', probe);
			} else if (this.#pingSentAt === sentAt) {
				this.#pingSentAt = undefined;
			}
		}, windowMs);
	}

	#lost(socket: WebSocket, reason: string, atOnce = false): void {
		if (socket !== this.#socket) {
			return;
		}

		const minDelayMs = this.#minNextDelayMs;
		this.#minNextDelayMs = undefined;
		this.#dispatch({type: 'lost', reason, ...(minDelayMs !== undefined && {minDelayMs}), ...(atOnce && {atOnce})});
	}

	#fail(error: unknown): void {
		const reason = error instanceof Error ? error.message : String(error);
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
