/** A scripted OpenAI-compatible endpoint on loopback: each request takes the next answer; streamed replies are SSE. */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {onCleanup} from '../helpers.js';

/** `hold` streams the words and then keeps the reply open, as a model still writing (until the test ends). */
export type FakeAnswer =
	| {status: number; headers?: Record<string, string>; body?: string}
	| {words: string[]; usage?: {prompt_tokens: number; completion_tokens: number}; hold?: boolean};

/** `models` is what `GET /v1/models` lists (or a status it answers with); chat completions take the answers in turn. */
export async function fakeOpenAi(answers: FakeAnswer[], models: string[] | {status: number; body: string} = []) {
	const requests: unknown[] = [];
	/** Each request's Authorization header (undefined when it had none). */
	const authorizations: Array<string | undefined> = [];
	const modelRequests: Array<{authorization?: string}> = [];
	const respond = async (request: IncomingMessage, response: ServerResponse) => {
		authorizations.push(request.headers.authorization);
		if (request.method === 'GET' && request.url === '/v1/models') {
			modelRequests.push({...(request.headers.authorization && {authorization: request.headers.authorization})});
			const [status, text] = Array.isArray(models) ? [200, JSON.stringify({object: 'list', data: models.map(id => ({id, object: 'model'}))})] : [models.status, models.body];
			response.writeHead(status, {'content-type': 'application/json'}).end(text);
			return;
		}

		requests.push(JSON.parse(await body(request)));
		const answer = answers.shift() ?? {status: 500, body: 'the script ran out'};
		if ('status' in answer) {
			response.writeHead(answer.status, {'content-type': 'application/json', ...answer.headers}).end(answer.body ?? '{}');
			return;
		}

		response.writeHead(200, {'content-type': 'text/event-stream'});
		for (const word of answer.words) {
			response.write(`data: ${JSON.stringify({choices: [{delta: {content: word}}]})}\n\n`);
		}

		if (answer.usage) {
			const total = answer.usage.prompt_tokens + answer.usage.completion_tokens;
			response.write(`data: ${JSON.stringify({choices: [], usage: {...answer.usage, total_tokens: total}})}\n\n`);
		}

		if (answer.hold) {
			return;
		}

		response.end('data: [DONE]\n\n');
	};

	// The server does not await its handler: the answer is written once the request body is in.
	const server = createServer((request, response) => {
		void respond(request, response);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	onCleanup(async () => {
		server.closeAllConnections();
		await new Promise<void>(resolve => server.close(() => resolve()));
	});
	const {port} = server.address() as AddressInfo;
	return {baseUrl: `http://127.0.0.1:${port}/v1`, port, requests, authorizations, modelRequests};
}

async function body(request: IncomingMessage): Promise<string> {
	let text = '';
	for await (const chunk of request) {
		text += String(chunk);
	}

	return text;
}
