/** Recall by meaning, with an OpenAI-compatible embeddings endpoint: a fake one on loopback, its vectors deterministic. */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {EmbeddingsEndpoint} from '../../source/search/embeddings.js';
import {fuse} from '../../source/search/fusion.js';
import {recall, recallMessages} from '../../source/search/search-index.js';
import {SessionStore} from '../../source/store/session-store.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

/** The fake model's meanings: a text's vector counts its words of each, plus a little of a last one. */
const concepts = [
	['websocket', 'keepalive', 'ping', 'pong', 'pongs', 'link', 'connection', 'proxy', 'dropping', 'heartbeat'],
	['ramen', 'eat', 'lunch', 'noodles', 'noon', 'food', 'hungry', 'place'],
	['invoices', 'postgres', 'migration', 'migrate', 'table', 'database', 'locks'],
	['deploy', 'deployed', 'staging', 'production', 'health'],
];

function vectorOf(text: string): number[] {
	const words = text.toLowerCase().split(/\W+/);
	return [...concepts.map(concept => words.filter(word => concept.includes(word)).length), 0.1];
}

type Fake = {endpoint: EmbeddingsEndpoint; inputs: string[]; failing: boolean};

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => new Promise(resolve => server.close(resolve))));
});

async function fakeEndpoint(): Promise<Fake> {
	const fake: Fake = {endpoint: {baseUrl: '', model: 'fake-embed'}, inputs: [], failing: false};
	const server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			const {model, input} = JSON.parse(body) as {model: string; input: string[]};
			if (fake.failing || request.url !== '/v1/embeddings' || model !== 'fake-embed') {
				response.writeHead(500).end();
				return;
			}

			fake.inputs.push(...input);
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({object: 'list', data: input.map((text, index) => ({object: 'embedding', index, embedding: vectorOf(text)}))}));
		});
	});
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	fake.endpoint.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	return fake;
}

async function session(dir: string, name: string, texts: string[]) {
	const store = await SessionStore.open(dir, name, 'attach-or-create');
	store.update(data => ({...data, messages: texts.map((text, i) => (i % 2 === 0 ? userMessage(text, {id: `${name}-${i}`}) : reply(`${name}-r${i}`, text, {id: `${name}-${i}`})))}));
	await store.close();
}

async function sessions(): Promise<string> {
	const dir = await tempDir();
	await session(dir, 'net', [
		'the websocket keeps dropping behind the office proxy; what keepalive should it use?',
		'Settled: keepalive ping every 20 s, and the link is closed after two missed pongs.',
	]);
	await session(dir, 'monitor', Array.from({length: 40}, (_, i) => (i % 2 === 0 ? `keepalive ping ${i} sent` : 'keepalive ok')));
	await session(dir, 'billing', ['migrate the invoices table to postgres 17', 'Done: the migration ran in 4 minutes, no locks held.']);
	await session(dir, 'lunch', ['where do we eat today?', 'The ramen place on Fifth opens at noon.']);
	return dir;
}

describe('recall by meaning', () => {
	it('finds what a question asks in other words than the messages use', async () => {
		const dir = await sessions();
		const {endpoint} = await fakeEndpoint();
		expect(await recallMessages(dir, 'hungry for noodles')).toEqual([]);
		const found = await recallMessages(dir, 'hungry for noodles', {embeddings: endpoint});
		expect(found[0]).toMatchObject({session: 'lunch'});
	});

	it('still puts the session that settled the question first, words and meaning fused', async () => {
		const dir = await sessions();
		const {endpoint} = await fakeEndpoint();
		expect((await recallMessages(dir, 'websocket keepalive settings we chose', {embeddings: endpoint}))[0]).toMatchObject({session: 'net'});
		expect((await recallMessages(dir, 'keepalive', {embeddings: endpoint}))[0]).toMatchObject({session: 'net'});
		expect((await recallMessages(dir, 'when did the migrations run?', {embeddings: endpoint}))[0]).toMatchObject({session: 'billing'});
	});

	it('keeps the vectors beside the index, and embeds only what is new', async () => {
		const dir = await sessions();
		const fake = await fakeEndpoint();
		await recallMessages(dir, 'noodles', {embeddings: fake.endpoint});
		expect(fake.inputs.length).toBe(46 + 1);
		expect((await readdir(path.join(dir, '.recall'))).filter(file => file.endsWith('.vec'))).toHaveLength(1);
		fake.inputs.length = 0;
		await recallMessages(dir, 'noodles', {embeddings: fake.endpoint});
		expect(fake.inputs).toEqual(['noodles']);
		fake.inputs.length = 0;
		await session(dir, 'deploys', ['deploy the api to staging', 'Deployed; the health checks are green.']);
		const found = await recallMessages(dir, 'is production healthy', {embeddings: fake.endpoint});
		expect(fake.inputs.toSorted()).toEqual(['Deployed; the health checks are green.', 'deploy the api to staging', 'is production healthy']);
		expect(found[0]).toMatchObject({session: 'deploys'});
	});

	it('answers by the words alone, and says why, when the endpoint fails', async () => {
		const dir = await sessions();
		const fake = await fakeEndpoint();
		fake.failing = true;
		const notes: string[] = [];
		const {found} = await recall(dir, 'keepalive', {embeddings: fake.endpoint, note: text => notes.push(text)});
		expect(found[0]).toMatchObject({session: 'net'});
		expect(notes).toEqual([`recall by meaning left out: ${fake.endpoint.baseUrl}/embeddings answered 500`]);
	});
});

describe('reciprocal rank fusion', () => {
	it('puts first what both lists rank well, then what one ranks first', () => {
		const fused = fuse([
			[{segment: 0, doc: 1}, {segment: 0, doc: 2}, {segment: 0, doc: 3}],
			[{segment: 0, doc: 4}, {segment: 0, doc: 2}],
		]);
		expect(fused.map(({doc}) => doc)).toEqual([2, 1, 4, 3]);
	});
});
