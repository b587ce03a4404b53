import {describe, expect, it} from 'vitest';
import {bufferBytes, readTail as readTailOf} from '../../source/store/session-tail.js';
import {reply, userMessage} from '../builders.js';

const readTail = async (buffer: Buffer, enough: (tail: readonly unknown[]) => boolean) => readTailOf(bufferBytes(buffer), enough);
const file = (messages: unknown[]) => Buffer.from(`${JSON.stringify({version: 1, name: 'main', messages, events: [{at: 'x', kind: 'drop'}]}, undefined, '\t')}\n`);
const messages = Array.from({length: 300}, (_, i) => (i % 2 === 0 ? userMessage(`question ${i}\n\t\t{ not a message }\n\t]`) : reply(`run-${i}`, `answer ${i} ü`)));

describe('reading the end of a session file', () => {
	it('parses only as many of the last messages as asked for, without counting the rest', async () => {
		const seen: number[] = [];
		const read = await readTail(file(messages), tail => {
			seen.push(tail.length);
			return tail.length >= 100;
		});
		expect(read).toEqual({tail: messages.slice(-128)});
		expect(seen).toEqual([32, 128]);
	});

	it('gives all messages, and how many, when the file has no more than asked for', async () => {
		expect(await readTail(file(messages.slice(0, 5)), () => false)).toEqual({total: 5, tail: messages.slice(0, 5)});
		expect(await readTail(file(messages.slice(0, 32)), () => true)).toEqual({total: 32, tail: messages.slice(0, 32)});
		expect(await readTail(file(messages), () => false)).toEqual({total: 300, tail: messages});
	});

	it('reads only the end of a long file', async () => {
		const long = file(Array.from({length: 20_000}, (_, i) => userMessage(`question ${i} ${'x'.repeat(100)}`)));
		const bytes = bufferBytes(long);
		let read = 0;
		const counted = {...bytes, read: async (from: number, to: number) => ((read += to - from), bytes.read(from, to))};
		expect((await readTailOf(counted, () => true))?.tail).toHaveLength(32);
		expect(long.length).toBeGreaterThan(5_000_000);
		expect(read).toBeLessThan(1_000_000); // the head, and a window or two at the end
	});

	it('declines a file not laid out as Tether writes it, so the caller parses it whole', async () => {
		expect(await readTail(Buffer.from(JSON.stringify({messages})), () => true)).toBeUndefined();
		expect(await readTail(file([]), () => true)).toBeUndefined();
		expect(await readTail(Buffer.from('{\n\t"messages": [\n\t\t{ broken'), () => true)).toBeUndefined();
		expect(await readTail(Buffer.from('{\n\t"messages": [\n\t\t{ broken\n\t],\n\t"events": []\n}'), () => true)).toBeUndefined();
		// Events before the messages: not where Tether writes them.
		expect(await readTail(Buffer.from(JSON.stringify({events: [], messages}, undefined, '\t')), () => true)).toBeUndefined();
	});
});
