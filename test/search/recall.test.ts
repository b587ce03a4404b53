/** Recall asked as a person asks: questions, one chatty session among others, time, and the drop. */
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {Context} from '../../source/commands/context.js';
import {recall as recallCommand} from '../../source/commands/recall.js';
import {recall, recallMessages} from '../../source/search/search-index.js';
import {SessionStore} from '../../source/store/session-store.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

const start = Date.parse('2026-11-24T10:00:00.000Z');
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();

/** A session whose messages alternate you / the agent, one a minute from 10:00 unless timed, and its link drops. */
async function session(dir: string, name: string, texts: Array<string | [minute: number, text: string]>, drops: number[] = []) {
	const store = await SessionStore.open(dir, name, 'attach-or-create');
	const messages = texts.map((entry, i) => {
		const [minute, text] = typeof entry === 'string' ? [i, entry] : entry;
		const fields = {id: `${name}-${i}`, at: at(minute)};
		return i % 2 === 0 ? userMessage(text, {...fields, idempotencyKey: `${name}-k${i}`}) : reply(`${name}-r${i}`, text, fields);
	});
	store.update(data => ({...data, messages, events: drops.map(minute => ({at: at(minute), type: 'disconnected' as const, reason: 'ping timeout'}))}));
	await store.close();
}

/** Five sessions like the ones issue 18 was tried on. */
async function fiveSessions(): Promise<string> {
	const dir = await tempDir();
	await session(dir, 'net', [
		'the websocket keeps dropping behind the office proxy; what keepalive should it use?',
		'Settled: keepalive ping every 20 s, and the link is closed after two missed pongs. I set keepalive_interval to 20 in the config.',
		'good, that fixed it',
	]);
	await session(
		dir,
		'monitor',
		Array.from({length: 40}, (_, i) => (i % 2 === 0 ? `keepalive ping ${i} sent` : 'keepalive ok')),
	);
	await session(dir, 'billing', ['migrate the invoices table to postgres 17', 'Done: the migration ran in 4 minutes, no locks held.']);
	await session(dir, 'lunch', ['where do we eat today?', 'The ramen place on Fifth opens at noon.']);
	await session(dir, 'deploys', ['deploy the api to staging', 'Deployed; the health checks are green.', 'now production', 'Deploying to production…'], [4]);
	return dir;
}

describe('recall in plain language', () => {
	it('answers a question by its meaningful words, in any of their forms', async () => {
		const dir = await fiveSessions();
		const found = await recallMessages(dir, 'websocket keepalive settings we chose');
		expect(found[0]).toMatchObject({session: 'net'});
		expect((await recallMessages(dir, 'what did we settle?'))[0]).toMatchObject({session: 'net', messageId: 'net-1'});
		expect((await recallMessages(dir, 'when did the migrations run?'))[0]).toMatchObject({session: 'billing'});
	});

	it('marks the words as the message writes them', async () => {
		const dir = await fiveSessions();
		const [hit] = await recallMessages(dir, 'settling keepalives', {session: 'net', allHits: true});
		expect(hit!.text).toMatch(/^Settled: keepalive/);
		expect(hit!.terms.toSorted()).toEqual(['keepalive', 'settled']);
	});

	it('puts the session that holds the decision before a chatty one that repeats the word', async () => {
		const dir = await fiveSessions();
		const found = await recallMessages(dir, 'keepalive');
		expect(found[0]).toMatchObject({session: 'net'});
		expect(found.filter(hit => hit.session === 'monitor').length).toBeLessThanOrEqual(3);
		const flat = await recallMessages(dir, 'keepalive', {allHits: true});
		expect(flat.filter(hit => hit.session === 'monitor').length).toBeGreaterThan(10);
	});

	it('groups each session\'s hits together, the sessions by their best', async () => {
		const dir = await fiveSessions();
		const sessions = (await recallMessages(dir, 'keepalive')).map(hit => hit.session);
		expect(sessions).toEqual([...new Set(sessions)].flatMap(name => sessions.filter(session => session === name)));
	});

	it('keeps to a time span and a session', async () => {
		const dir = await tempDir();
		await session(dir, 'ops', [[0, 'restart the queue worker'], [60, 'restart the cache'], [120, 'restart the proxy']]);
		const span = {since: Date.parse(at(30)), until: Date.parse(at(90))};
		expect((await recallMessages(dir, 'restart', span)).map(hit => hit.text)).toEqual(['restart the cache']);
		expect(await recallMessages(dir, 'restart', {session: 'elsewhere'})).toEqual([]);
	});

	it('answers "what were we working on before the drop?" with the last messages before it', async () => {
		const dir = await fiveSessions();
		const {found, latest} = await recall(dir, 'What were we working on before the drop?');
		expect(latest).toBe(true);
		expect(found.map(hit => hit.session)).toEqual(['deploys', 'deploys', 'deploys']);
		expect(found[0]).toMatchObject({text: 'Deploying to production…', drop: at(4)});
		const matched = await recall(dir, 'staging', {beforeDrop: true});
		expect(matched.found.map(hit => hit.messageId)).toEqual(['deploys-0']);
	});
});

async function tether(dir: string, ...args: string[]): Promise<{code: number; stdout: string}> {
	const stdout = new PassThrough();
	let output = '';
	stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const io = {stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {NO_COLOR: '1'}};
	const values: Record<string, string | boolean> = {};
	const positionals: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (!arg.startsWith('--')) {
			positionals.push(arg);
		} else if (['--before-drop', '--all-hits', '--json'].includes(arg)) {
			values[arg.slice(2)] = true;
		} else {
			values[arg.slice(2)] = args[++i]!;
		}
	}

	const code = await recallCommand.run({positionals, values}, () => ({io, sessionsDir: dir}) as unknown as Context);
	return {code, stdout: output};
}

describe('tether recall', () => {
	it('finds what a question asks, the session that settled it first', async () => {
		const dir = await fiveSessions();
		const {code, stdout} = await tether(dir, 'websocket keepalive settings we chose');
		expect(code).toBe(0);
		expect(stdout.split('\n')[0]).toMatch(/^net · 2026-11-24 10:0\d · /);
	});

	it('says when nothing is found, and suggests fewer words that find something', async () => {
		const dir = await fiveSessions();
		const {code, stdout} = await tether(dir, 'ramen postgres kubernetes helm');
		expect(code).toBe(1);
		expect(stdout).toContain('fewer words find more, e.g. tether recall "ramen postgres"');
		expect((await tether(dir, 'kubernetes helm')).stdout).toContain('no message has any of kubernetes, helm');
	});

	it('lists the last messages before each drop, and takes --since and --until', async () => {
		const dir = await fiveSessions();
		const {stdout} = await tether(dir, '--before-drop');
		expect(stdout.split('\n').slice(0, 2)).toEqual(['the last messages before each drop:', expect.stringMatching(/^deploys · 2026-11-24 10:03 · assistant · deploys-3 · before the drop at 2026-11-24 10:04$/)]);
		expect((await tether(dir, 'keepalive', '--until', '2026-11-23')).code).toBe(1);
		expect((await tether(dir, 'keepalive', '--since', '2026-11-24')).code).toBe(0);
		await expect(tether(dir, 'keepalive', '--since', 'yesterdayish')).rejects.toThrow('--since takes a date or time');
		await expect(tether(dir, 'keepalive', '--session', 'nte')).rejects.toThrow('no session named nte');
		expect((await tether(dir, 'keepalive', '--session', 'net')).stdout).toMatch(/^net · /);
	});
});

describe('the first recall over many sessions', () => {
	it('says it is indexing, then how many messages it indexed and how fast', async () => {
		const dir = await tempDir();
		for (let i = 0; i < 20; i++) {
			await session(dir, `s${i}`, [`note ${i}`, 'noted']);
		}

		const stderr = new PassThrough();
		let said = '';
		stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
		const io = {stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {NO_COLOR: '1'}};
		await recallCommand.run({positionals: ['note'], values: {}}, () => ({io, sessionsDir: dir}) as unknown as Context);
		expect(said).toMatch(/^indexing 20 sessions for recall…\n(?: {2}\d+\/20 sessions, .*\n)*indexed 20 sessions, 40 messages in \d+\.\d s \([\d,]+ messages\/s\)\n$/);
	});
});
