/**
 * A scripted gateway on 127.0.0.1 (port 0) for link failure tests: it sends the challenge, answers `connect` as
 * the test says (hello, or an error), then does what the test says with the open socket; a session's history and
 * sends get minimal answers, so a connection that stays up works.
 */
import {WebSocketServer, type WebSocket} from 'ws';
import {onCleanup} from '../helpers.js';

export type ConnectAnswer = 'hello' | {code: string; message: string; retryable?: boolean; retryAfterMs?: number; details?: unknown};

export type FakeGatewayScript = {
	/** How to answer connection number `n` (from 1); hello unless told otherwise. */
	connect?: (n: number) => ConnectAnswer;
	/** Runs after hello-ok on connection `n`, with its socket (close it, send a shutdown event, …). */
	afterHello?: (socket: WebSocket, n: number) => void;
	/** Runs after an error answer on connection `n` (OpenClaw closes with 1013 after a startup refusal). */
	afterRefusal?: (socket: WebSocket, n: number) => void;
};

export type FakeGateway = {
	readonly url: string;
	readonly port: number;
	/** Connections accepted so far. */
	readonly connections: number;
	/** When each connection arrived (ms, Date.now()). */
	readonly arrivals: readonly number[];
	close(): Promise<void>;
};

export const hello = {
	type: 'hello-ok',
	protocol: 4,
	server: {version: 'fake', connId: 'c'},
	features: {methods: ['chat.send', 'chat.history'], events: ['chat', 'tick', 'shutdown']},
	auth: {role: 'operator', scopes: ['operator.read', 'operator.write']},
	policy: {maxPayload: 1_000_000, maxBufferedBytes: 1_000_000, tickIntervalMs: 30_000},
};

export async function fakeGateway(script: FakeGatewayScript = {}, port = 0): Promise<FakeGateway> {
	const server = new WebSocketServer({host: '127.0.0.1', port});
	await new Promise((resolve, reject) => {
		server.once('listening', resolve);
		server.once('error', reject);
	});
	const arrivals: number[] = [];
	server.on('connection', socket => {
		arrivals.push(Date.now());
		const n = arrivals.length;
		socket.send(JSON.stringify({type: 'event', event: 'connect.challenge', payload: {nonce: `n${n}`, ts: Date.now()}}));
		socket.on('message', data => {
			// A gateway that closed the door answers nothing more, whatever was already on its way.
			if (socket.readyState !== socket.OPEN) {
				return;
			}

			const request = JSON.parse(String(data)) as {id: string; method: string};
			const ok = (payload: unknown) => socket.send(JSON.stringify({type: 'res', id: request.id, ok: true, payload}));
			if (request.method === 'connect') {
				const answer = script.connect?.(n) ?? 'hello';
				if (answer === 'hello') {
					ok(hello);
					script.afterHello?.(socket, n);
				} else {
					socket.send(JSON.stringify({type: 'res', id: request.id, ok: false, error: answer}));
					script.afterRefusal?.(socket, n);
				}
			} else if (request.method === 'chat.history') {
				ok({sessionKey: 'agent:main:main', messages: []});
			} else if (request.method === 'chat.send') {
				ok({runId: 'r', status: 'started'});
			}
		});
	});
	const address = server.address() as {port: number};
	let closed = false;
	const close = async () => {
		if (closed) {
			return;
		}

		closed = true;
		for (const client of server.clients) {
			client.terminate();
		}

		await new Promise(resolve => server.close(resolve));
	};

	onCleanup(close);
	return {
		url: `ws://127.0.0.1:${address.port}`,
		port: address.port,
		get connections() {
			return arrivals.length;
		},
		arrivals,
		close,
	};
}
