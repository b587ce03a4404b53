/** Realistic session files for the benchmarks: turns of 200–4,000 characters, prose, lists and code blocks. */
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';

/** A small deterministic PRNG, so every run measures the same files. */
export function seeded(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const words = 'the gateway session reconnect message reply stream socket heartbeat backoff history merge file journal token agent terminal render markdown code test queue idempotency cursor delta frame latency offline wake sleep durable'.split(' ');

/** Real chats also name things (hosts, functions, people): about 40,000 rarer words, a few common, most rare (Zipf). */
const syllables = 'ka lo mi ne ru sa ti vo ze pa qu dr st or an el is um ex ly'.split(' ');
const rareWords = Array.from({length: 40_000}, (_, i) => {
	let word = '';
	for (let rest = i + 400; rest > 0; rest = Math.floor(rest / syllables.length)) {
		word += syllables[rest % syllables.length];
	}

	return word;
});

function word(random) {
	return random() < 0.8 ? words[Math.floor(random() * words.length)] : rareWords[Math.floor(rareWords.length ** random()) - 1];
}

function sentence(random) {
	const length = 6 + Math.floor(random() * 14);
	const text = Array.from({length}, () => word(random)).join(' ');
	return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function block(random) {
	const kind = random();
	if (kind < 0.2) {
		const lines = Array.from({length: 3 + Math.floor(random() * 10)}, (_, i) => `  const ${word(random)}${i} = await ${word(random)}(${i});`);
		return ['```ts', 'async function example() {', ...lines, '}', '```'].join('\n');
	}

	if (kind < 0.35) {
		return Array.from({length: 2 + Math.floor(random() * 5)}, () => `- ${sentence(random)}`).join('\n');
	}

	if (kind < 0.45) {
		return `## ${sentence(random).slice(0, 40)}`;
	}

	return Array.from({length: 1 + Math.floor(random() * 4)}, () => sentence(random)).join(' ');
}

/** A message body of 200–4,000 characters (most are short, some long, as in real chats). */
export function messageText(random) {
	const target = 200 + Math.floor(random() ** 2 * 3800);
	const parts = [];
	let length = 0;
	while (length < target) {
		const next = block(random);
		parts.push(next);
		length += next.length + 2;
	}

	return parts.join('\n\n').slice(0, 4000);
}

/** A session file of `count` messages, alternating user and assistant turns, the last one marked. */
export function sessionData(name, count, seed = count) {
	const random = seeded(seed);
	const start = Date.parse('2026-11-01T09:00:00.000Z');
	const messages = Array.from({length: count}, (_, i) => {
		const user = i % 2 === 0;
		const at = new Date(start + i * 20_000).toISOString();
		const text = i === count - 1 ? `${messageText(random)}\n\nLAST-MESSAGE-${count}` : messageText(random);
		return user
			? {id: `m${i}`, role: 'user', text, at, status: 'sent', idempotencyKey: `k${i}`}
			: {id: `m${i}`, role: 'assistant', text, at, status: 'final', runId: `k${i - 1}`, serverId: `s${i}`};
	});
	return {version: 1, name, createdAt: new Date(start).toISOString(), gateway: {sessionKey: `agent:main:${name}`}, messages, events: []};
}

/** Writes the session as Tether does (tab-indented JSON) and returns its path. */
export async function writeSession(dir, name, count, seed) {
	await mkdir(dir, {recursive: true});
	const file = path.join(dir, `${name}.json`);
	await writeFile(file, `${JSON.stringify(sessionData(name, count, seed), undefined, '\t')}\n`);
	return file;
}
