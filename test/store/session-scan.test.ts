/** A session read for the index a megabyte of messages at a time: each text found where it is, a damaged one refused whole. */
import {open, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildSegments, type Progress} from '../../source/search/search-index-build.js';
import {recallMessages} from '../../source/search/search-index.js';
import {scanSession, type ScannedMessage} from '../../source/store/session-scan.js';
import {SessionStore} from '../../source/store/session-store.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

/** 3,000 messages of ~600 bytes, some with quotes, tabs and CJK to escape: about 2 MB, more than one group. */
async function longSession(dir: string, name: string): Promise<void> {
	const store = await SessionStore.open(dir, name, 'attach-or-create');
	const text = (i: number) => `message ${i} says "hello"\tand 你好 ${'lorem ipsum dolor '.repeat(30)}${i === 2999 ? ' zebracorn' : ''}`;
	store.update(data => ({...data, messages: Array.from({length: 3000}, (_, i) => (i % 2 === 0 ? userMessage(text(i), {id: `m${i}`}) : reply(`r${i}`, text(i), {id: `m${i}`})))}));
	await store.close();
}

describe('reading a session for the index', () => {
	it('hands its messages over in groups, each with the bytes of its text in the file', async () => {
		const dir = await tempDir();
		await longSession(dir, 'long');
		const file = path.join(dir, 'long.json');
		const groups: Array<readonly ScannedMessage[]> = [];
		const read = await scanSession(file, group => groups.push(group));
		expect(read?.events).toEqual([]);
		expect(groups.length).toBeGreaterThan(1);
		const messages = groups.flat();
		expect(messages.map(({message}) => message.id)).toEqual(Array.from({length: 3000}, (_, i) => `m${i}`));
		const handle = await open(file, 'r');
		try {
			for (const {message, text} of [messages[0]!, messages[1777]!, messages[2999]!]) {
				const [offset, length] = text!;
				const {buffer} = await handle.read(Buffer.alloc(length), 0, length, offset);
				expect(JSON.parse(buffer.toString('utf8'))).toBe(message.text);
			}
		} finally {
			await handle.close();
		}
	});

	it('reports a long session as it reads it', async () => {
		const dir = await tempDir();
		await longSession(dir, 'long');
		const progress: Progress[] = [];
		const built = await buildSegments(dir, path.join(dir, '.recall'), ['long'], {progress: step => progress.push(step)});
		built.forEach(({segment}) => segment.close());
		expect(progress.at(-1)).toEqual({sessions: 1, of: 1, messages: 3000});
		expect(progress.length).toBeGreaterThan(1);
		expect(progress[0]).toMatchObject({sessions: 0, of: 1});
	});

	it('indexes none of a session whose later block is damaged, as when it was read whole', async () => {
		const dir = await tempDir();
		await longSession(dir, 'long');
		const file = path.join(dir, 'long.json');
		const text = await readFile(file, 'utf8');
		// The last message's text is no longer a string: the first groups were read by then.
		await writeFile(file, text.replace(/"text": "message 2999 [^\n]*/, '"text": 2999,'));
		expect(await recallMessages(dir, 'hello')).toEqual([]);
		expect(await recallMessages(dir, 'zebracorn')).toEqual([]);
	});
});
