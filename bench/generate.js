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

/** CJK text has no spaces between words: a sentence is one run of characters, ended by 。 */
const cjk = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

function cjkSentence(random) {
	const length = 10 + Math.floor(random() * 30);
	return `${Array.from({length}, () => cjk[Math.floor(random() * cjk.length)]).join('')}。`;
}

/** A pasted log or file: tens of kilobytes of lines, as users paste into a chat. */
function pasted(random) {
	const lines = Array.from({length: 300 + Math.floor(random() * 600)}, (_, i) => `2026-11-01T09:${String(i % 60).padStart(2, '0')}:00Z ${word(random)} ${word(random)}=${Math.floor(random() * 1e6)} ${sentence(random)}`);
	return ['```', ...lines, '```'].join('\n');
}

/**
 * A message as users' sessions hold them, for recall's figures: one in ten in Chinese (no spaces between its
 * words), one in a hundred a pasted log of 30–100 KB, the rest as `messageText`.
 */
export function unkindText(random) {
	const kind = random();
	if (kind < 0.1) {
		return Array.from({length: 2 + Math.floor(random() * 20)}, () => cjkSentence(random)).join('');
	}

	return kind < 0.11 ? `${messageText(random).slice(0, 400)}\n\n${pasted(random)}` : messageText(random);
}

/**
 * A message as a chat with a model reads, for the reattach figure: typographic punctuation (— “ ” ’ …), now and
 * then a line of Chinese, an emoji, a name with an accent, code in several languages, and one turn in four a
 * short one ("ok — thanks!"). `messageText` is ASCII only, which spared the first screen the cost of measuring
 * anything else (string-width's segmenter and emoji pattern, ~50 ms before it was replaced) and loaded one
 * grammar only.
 */
export function chatText(random) {
	if (random() < 0.25) {
		return pick(random, ['ok — thanks!', 'Yes, that’s it 👍', 'Can you show the diff?', '好的，继续。', 'Why does it “hang” after sleep…?', 'Merci, René — c’est bon.']);
	}

	// messageText is ASCII: its sentences get the punctuation models write, its code blocks other languages.
	const text = messageText(random)
		.replaceAll('. ', () => pick(random, ['. ', ' — ', '… ', '. It’s ', '. ']))
		.replaceAll('```ts', () => pick(random, ['```ts', '```python', '```bash', '```json', '```go']));
	const extra = random();
	if (extra < 0.2) {
		return `${text}\n\n${cjkSentence(random)}${cjkSentence(random)}`;
	}

	return extra < 0.4 ? `${text} — José’s note: “${sentence(random)}” ✅` : text;
}

function pick(random, items) {
	return items[Math.floor(random() * items.length)];
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

/** A session file of `count` messages, alternating user and assistant turns, the last one marked; `text` writes each. */
export function sessionData(name, count, seed = count, text = messageText) {
	const random = seeded(seed);
	const start = Date.parse('2026-11-01T09:00:00.000Z');
	const messages = Array.from({length: count}, (_, i) => {
		const user = i % 2 === 0;
		const at = new Date(start + i * 20_000).toISOString();
		const body = i === count - 1 ? `${text(random)}\n\nLAST-MESSAGE-${count}` : text(random);
		return user
			? {id: `m${i}`, role: 'user', text: body, at, status: 'sent', idempotencyKey: `k${i}`}
			: {id: `m${i}`, role: 'assistant', text: body, at, status: 'final', runId: `k${i - 1}`, serverId: `s${i}`};
	});
	return {version: 1, name, createdAt: new Date(start).toISOString(), gateway: {sessionKey: `agent:main:${name}`}, messages, events: []};
}

/** Writes the session as Tether does (tab-indented JSON) and returns its path. */
export async function writeSession(dir, name, count, seed, text = messageText) {
	await mkdir(dir, {recursive: true});
	const file = path.join(dir, `${name}.json`);
	await writeFile(file, `${JSON.stringify(sessionData(name, count, seed, text), undefined, '\t')}\n`);
	return file;
}
