import {describe, expect, it} from 'vitest';
import {bufferBytes, readTail as readTailOf} from '../../source/store/session-tail.js';
import {reply, userMessage} from '../builders.js';

const readTail = async (buffer: Buffer, enough: (tail: readonly unknown[]) => boolean) => readTailOf(bufferBytes(buffer), enough);
const file = (messages: unknown[]) => Buffer.from(`${JSON.stringify({version: 1, name: 'main', messages, events: [{at: 'x', kind: 'drop'}]}, undefined, '\t')}\n`);
const messages = Array.from({length: 300}, (_, i) => (i % 2 === 0 ? userMessage(`question ${i}\n\t\t{ not a message }\n\t]`) : reply(`run-${i}`, `answer ${i} ü`)));

describe('reading the end of a session file', () => {
	it('parses only as many of the last messages as asked for, and counts them all', async () => {
		const seen: number[] = [];
		const read = await readTail(file(messages), tail => {
			seen.push(tail.length);
			return tail.length >= 100;
		});
		expect(read?.total).toBe(300);
		expect(read?.tail).toEqual(messages.slice(-128));
		expect(seen).toEqual([32, 128]);
	});

	it('gives all messages when the file has fewer than asked for', async () => {
		expect(await readTail(file(messages.slice(0, 5)), () => false)).toEqual({total: 5, tail: messages.slice(0, 5)});
	});

	it('declines a file not laid out as Tether writes it, so the caller parses it whole', async () => {
		expect(await readTail(Buffer.from(JSON.stringify({messages})), () => true)).toBeUndefined();
		expect(await readTail(file([]), () => true)).toBeUndefined();
		expect(await readTail(Buffer.from('{\n\t"messages": [\n\t\t{ broken'), () => true)).toBeUndefined();
	});
});
