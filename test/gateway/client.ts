/** A raw protocol client for gateway tests: records every frame, sends requests, waits for their answers. */
import {WebSocket} from 'ws';
import {onCleanup, testToken, waitFor} from '../helpers.js';

// oxlint-disable-next-line typescript/no-explicit-any -- frames of the gateway under test are read field by field; the assertions check them
export type Frame = {type: string; id?: string; ok?: boolean; event?: string; payload?: any; error?: any; seq?: number};

export async function rawClient(url: string) {
	const socket = new WebSocket(url);
	const frames: Frame[] = [];
	let closed: {code: number; reason: string} | undefined;
	socket.on('message', data => frames.push(JSON.parse(data.toString()) as Frame));
	socket.on('close', (code, reason) => {
		closed = {code, reason: reason.toString()};
	});
	onCleanup(() => socket.terminate());
	await waitFor(() => frames.length > 0, 'the challenge arrives');
	let id = 0;
	const request = async (method: string, params: unknown) => {
		const frameId = `r${++id}`;
		socket.send(JSON.stringify({type: 'req', id: frameId, method, params}));
		await waitFor(() => frames.some(frame => frame.id === frameId) || closed !== undefined, `${method} is answered`);
		return frames.find(frame => frame.id === frameId)!;
	};

	/** The payloads of the events named `event` received so far. */
	const events = (event: string) => frames.filter(frame => frame.event === event).map(frame => frame.payload);
	return {socket, frames, request, events, closed: () => closed};
}

export type RawClient = Awaited<ReturnType<typeof rawClient>>;

export const connectParams = (token = testToken, protocol = 4, caps: string[] = []) => ({
	minProtocol: protocol,
	maxProtocol: protocol,
	client: {id: 'cli', version: '0.0.0', platform: 'linux', mode: 'cli'},
	role: 'operator',
	scopes: ['operator.read', 'operator.write'],
	caps,
	auth: {token},
});

/** A client past the handshake; fails the test if the gateway does not answer hello-ok. */
export async function connected(url: string, caps: string[] = []): Promise<RawClient> {
	const client = await rawClient(url);
	const hello = await client.request('connect', connectParams(testToken, 4, caps));
	if (!hello.ok || hello.payload?.type !== 'hello-ok') {
		throw new Error(`connect was refused: ${JSON.stringify(hello)}`);
	}

	return client;
}

/** The payload of a request that must succeed. */
export async function ok(client: RawClient, method: string, params: unknown): Promise<Frame['payload']> {
	const answer = await client.request(method, params);
	if (!answer.ok) {
		throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
	}

	return answer.payload;
}

/** Waits until a run's terminal chat event arrived on the client. */
export async function runEnded(client: RawClient, runId: string): Promise<void> {
	await waitFor(() => client.events('chat').some(event => event.runId === runId && ['final', 'error', 'aborted'].includes(event.state)), `run ${runId} ends`);
}
