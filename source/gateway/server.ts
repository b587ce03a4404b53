/** The embedded gateway: a `ws` server speaking the OpenClaw Gateway protocol subset that Tether uses. */
import type {IncomingMessage} from 'node:http';
import type {AddressInfo} from 'node:net';
import {WebSocketServer, type WebSocket} from 'ws';
import {formatValidationErrors, validateConnectParams} from '@openclaw/gateway-protocol';
import {parseFrame, PROTOCOL_VERSION} from '../protocol/frames.js';
import {sessionKeyOf} from '../protocol/session-key.js';
import {hasErrorCode, TetherError} from '../errors.js';
import {hideUserinfo} from '../text/url-credentials.js';
import {version} from '../version.js';
import type {Agent} from './agents.js';
import {ChatService, defaultAgentId} from './chat.js';
import {GatewayHistory} from './history.js';
import type {FileSystem} from '../store/file-system.js';
import {asGatewayError, GatewayError, handleRequest, methods} from './methods.js';
import type {Publish} from './run.js';
import type {TelegramOptions} from './telegram/channel.js';

export type GatewayOptions = {
	host?: string;
	port?: number;
	dataDir: string;
	/** Shared token a client must present; undefined accepts any client (tests). */
	token?: string;
	agent: Agent;
	tickIntervalMs?: number;
	pingIntervalMs?: number;
	/** Where history is written through (tests make the disk refuse). */
	fs?: FileSystem;
	/** Lines for the gateway log (a damaged history file, a failed run); default stderr. */
	log?: (line: string) => void;
	/** Serve a Telegram bot too (telegram/channel.ts); off when undefined. */
	telegram?: TelegramOptions;
};

export type RunningGateway = {
	readonly port: number;
	readonly url: string;
	readonly chat: ChatService;
	close(): Promise<void>;
};

const maxPayload = 25 * 1024 * 1024;
const preHandshakeMaxBytes = 64 * 1024;
const handshakeTimeoutMs = 10_000;
const events = ['connect.challenge', 'chat', 'agent', 'session.message', 'tick', 'shutdown', 'sessions.changed'];

/** A connection; `messagesOf` holds the session keys it asked `session.message` events for. */
type Client = {socket: WebSocket; seq: number; alive: boolean; messagesOf: Set<string>};

export class PortInUse extends TetherError {
	constructor(host: string, port: number) {
		super(`port ${port} on ${host} is taken by another program (choose another with --port, or tether config set embedded.port N)`);
	}
}

/**
 * A browser puts an `Origin` header on every WebSocket upgrade; terminal clients (Tether, OpenClaw's CLI) send
 * none. Refusing any upgrade that has one, before the handshake, means no web page the user visits can probe or
 * hold this gateway on loopback (a token check alone would still let it connect and guess).
 */
function refuseBrowsers(info: {origin: string | undefined; req: IncomingMessage}, answer: (ok: boolean, status?: number, reason?: string) => void): void {
	if (info.origin !== undefined || info.req.headers.origin !== undefined) {
		answer(false, 403, 'browser origins are refused');
	} else {
		answer(true);
	}
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
	// Whatever a line quotes (a model's error, a file name), no URL credentials go to the log.
	const print = options.log ?? ((line: string) => console.error(`tether gateway: ${line}`));
	const log = (line: string) => print(hideUserinfo(line));
	const history = await GatewayHistory.load(options.dataDir, {...(options.fs && {fs: options.fs}), warn: log});
	const clients = new Set<Client>();
	const send = (client: Client, event: string, payload: Record<string, unknown>) => {
		client.seq += 1;
		client.socket.send(JSON.stringify({type: 'event', event, payload, seq: client.seq}));
	};

	/** In-process listeners (channels) hear every event, as a connection subscribed to everything would. */
	const listeners = new Set<Publish>();
	const publish = (event: string, payload: Record<string, unknown>, subscribersOf?: string) => {
		for (const client of clients) {
			if (subscribersOf === undefined || client.messagesOf.has(subscribersOf)) {
				send(client, event, payload);
			}
		}

		for (const listener of listeners) {
			listener(event, payload, subscribersOf);
		}
	};

	const chat = new ChatService(history, options.agent, publish, Date.now, log);
	const server = new WebSocketServer({host: options.host ?? '127.0.0.1', port: options.port ?? 0, maxPayload, verifyClient: refuseBrowsers});
	await new Promise<void>((resolve, reject) => {
		server.once('listening', resolve);
		server.once('error', error => {
			const inUse = hasErrorCode(error, 'EADDRINUSE');
			reject(inUse ? new PortInUse(options.host ?? '127.0.0.1', options.port ?? 0) : error);
		});
	});

	const tickIntervalMs = options.tickIntervalMs ?? 30_000;
	const ticker = setInterval(() => publish('tick', {ts: Date.now()}), tickIntervalMs);
	// Sockets whose peer stopped answering pings are dropped, so their runs' events stop queueing.
	const pinger = setInterval(() => {
		for (const client of clients) {
			if (!client.alive) {
				client.socket.terminate();
				continue;
			}

			client.alive = false;
			client.socket.ping();
		}
	}, options.pingIntervalMs ?? 25_000);

	const hello = (connId: string) => ({
		type: 'hello-ok',
		protocol: PROTOCOL_VERSION,
		server: {version, connId},
		features: {methods, events},
		snapshot: {
			presence: [],
			health: {},
			stateVersion: {presence: 0, health: 0},
			uptimeMs: Math.round(performance.now()),
			sessionDefaults: {defaultAgentId, mainKey: 'main', mainSessionKey: sessionKeyOf(defaultAgentId, 'main')},
		},
		auth: {role: 'operator', scopes: ['operator.read', 'operator.write']},
		policy: {maxPayload, maxBufferedBytes: 2 * maxPayload, tickIntervalMs},
	});


	server.on('connection', socket => {
		const client: Client = {socket, seq: 0, alive: true, messagesOf: new Set()};
		const connId = crypto.randomUUID();
		let authenticated = false;
		const refuse = (id: string, error: GatewayError, closeCode: number) => {
			socket.send(JSON.stringify({type: 'res', id, ok: false, error: {code: error.code, message: error.message, details: error.details}}));
			socket.close(closeCode, error.message.slice(0, 120));
		};

		const deadline = setTimeout(() => socket.close(1008, 'handshake timeout'), handshakeTimeoutMs);
		socket.on('pong', () => {
			client.alive = true;
		});
		socket.on('close', () => {
			clearTimeout(deadline);
			clients.delete(client);
		});
		socket.on('error', () => socket.terminate());
		socket.send(JSON.stringify({type: 'event', event: 'connect.challenge', payload: {nonce: crypto.randomUUID(), ts: Date.now()}}));

		socket.on('message', (data, isBinary) => {
			client.alive = true;
			const text = data.toString();
			if (!authenticated && text.length > preHandshakeMaxBytes) {
				socket.close(1009, 'pre-handshake frame too large');
				return;
			}

			const parsed = isBinary ? {ok: false as const, reason: 'binary frames are not supported'} : parseFrame(text);
			if (!parsed.ok || parsed.value.type !== 'req') {
				socket.close(1008, parsed.ok ? 'expected a request' : parsed.reason);
				return;
			}

			const frame = parsed.value;
			if (!authenticated) {
				if (frame.method !== 'connect') {
					refuse(frame.id, new GatewayError('INVALID_REQUEST', 'first request must be connect'), 1008);
					return;
				}

				// A device identity, if sent, is accepted as is: this gateway only listens on loopback, like OpenClaw's auto-approval.
				const params = frame.params;
				if (!validateConnectParams(params)) {
					refuse(frame.id, new GatewayError('INVALID_REQUEST', `invalid connect params: ${formatValidationErrors(validateConnectParams.errors)}`), 1008);
				} else if (params.minProtocol > PROTOCOL_VERSION || params.maxProtocol < PROTOCOL_VERSION) {
					refuse(frame.id, new GatewayError('INVALID_REQUEST', 'protocol mismatch', {code: 'PROTOCOL_MISMATCH', expectedProtocol: PROTOCOL_VERSION}), 1002);
				} else if (options.token !== undefined && params.auth?.token !== options.token) {
					refuse(
						frame.id,
						new GatewayError('INVALID_REQUEST', 'unauthorized: gateway token mismatch', {code: 'AUTH_TOKEN_MISMATCH', recommendedNextStep: 'update_auth_credentials'}),
						1008,
					);
				} else {
					clearTimeout(deadline);
					authenticated = true;
					clients.add(client);
					socket.send(JSON.stringify({type: 'res', id: frame.id, ok: true, payload: hello(connId)}));
				}

				return;
			}

			handleRequest(frame, chat, client.messagesOf).then(
				payload => socket.send(JSON.stringify({type: 'res', id: frame.id, ok: true, payload})),
				(error: unknown) => {
					const shaped = asGatewayError(error);
					socket.send(JSON.stringify({type: 'res', id: frame.id, ok: false, error: {code: shaped.code, message: shaped.message, details: shaped.details, retryable: shaped.retryable}}));
				},
			);
		});
	});

	const listen = (listener: Publish) => {
		listeners.add(listener);
		return () => listeners.delete(listener);
	};

	// Loaded only when configured: grammY is not needed by a gateway without a bot. Started before interrupted runs
	// resume, so a reply a restart cut short goes on streaming to its chat.
	const telegram = options.telegram && (await import('./telegram/channel.js')).startTelegram(options.telegram, {chat, dataDir: options.dataDir, listen});
	const channel = await telegram;
	chat.resumeUnfinished();
	const {port} = server.address() as AddressInfo;
	const host = options.host ?? '127.0.0.1';
	return {
		port,
		url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
		chat,
		/**
		 * Stops: no new turns, running ones interrupted (run again at the next start), every socket told and closed.
		 * Waits for the writes under way; whatever happens meanwhile, the port is given up and every socket closed.
		 */
		async close() {
			clearInterval(ticker);
			clearInterval(pinger);
			await channel?.stop();
			chat.stopAll();
			for (const client of clients) {
				send(client, 'shutdown', {reason: 'gateway stopping'});
				client.socket.close(1012, 'service restart');
			}

			const closed = new Promise<void>(resolve => {
				server.close(() => resolve());
			});
			try {
				await chat.idle();
				await history.flushed();
			} finally {
				for (const socket of server.clients) {
					socket.terminate();
				}

				await closed;
			}
		},
	};
}
