import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {ReplyStream, systemClock, type ChatOutbox} from '../../../source/gateway/telegram/reply-stream.js';
import {messageLimit} from '../../../source/gateway/telegram/render.js';

type Write = {kind: 'send' | 'edit' | 'delete'; id: number; html: string; at: number};

function fakeOutbox(failures: {edit?: Error[]} = {}) {
	const writes: Write[] = [];
	const shown = new Map<number, string>();
	let nextId = 1;
	const outbox: ChatOutbox = {
		async send(_chat, html) {
			const id = nextId++;
			shown.set(id, html);
			writes.push({kind: 'send', id, html, at: Date.now()});
			return id;
		},
		async edit(_chat, id, html) {
			const failure = failures.edit?.shift();
			if (failure) {
				throw failure;
			}

			shown.set(id, html);
			writes.push({kind: 'edit', id, html, at: Date.now()});
		},
		async delete(_chat, id) {
			shown.delete(id);
			writes.push({kind: 'delete', id, html: '', at: Date.now()});
		},
		typing: async () => undefined,
	};
	return {outbox, writes, shown, setNextId: (id: number) => (nextId = id)};
}

function stream(outbox: ChatOutbox, options: {messageIds?: number[]; errors?: unknown[]; saved?: number[][]} = {}) {
	return new ReplyStream({
		chatId: 1,
		outbox,
		clock: systemClock,
		intervalMs: 1000,
		...(options.messageIds && {messageIds: options.messageIds}),
		onMessages: ids => options.saved?.push([...ids]),
		onError: error => options.errors?.push(error),
	});
}

beforeEach(() => {
	vi.useFakeTimers({now: 0});
});

afterEach(() => {
	vi.useRealTimers();
});

describe('a reply streamed into a Telegram chat', () => {
	it('shows the first words at once, then edits one message at most once a second while the reply grows every 100 ms, and ends with the whole reply', async () => {
		const {outbox, writes, shown} = fakeOutbox();
		const saved: number[][] = [];
		const reply = stream(outbox, {saved});
		let text = '';
		for (let tick = 0; tick < 50; tick++) {
			text += `word${tick} `;
			reply.update(text);
			await vi.advanceTimersByTimeAsync(100);
		}

		const delivered = reply.finish(`${text}end`);
		await vi.advanceTimersByTimeAsync(1000);
		await delivered;

		expect(writes[0]).toMatchObject({kind: 'send', at: 0, html: 'word0 '});
		expect(writes.slice(1).every(write => write.kind === 'edit' && write.id === 1)).toBe(true);
		for (let index = 1; index < writes.length; index++) {
			expect(writes[index]!.at - writes[index - 1]!.at).toBeGreaterThanOrEqual(1000);
		}

		expect(writes.length).toBeLessThanOrEqual(7);
		expect(shown.get(1)).toBe(`${text}end`);
		expect(saved).toEqual([[1]]);
	});

	it('goes on in a second message past 4,096 characters', async () => {
		const {outbox, shown} = fakeOutbox();
		const reply = stream(outbox);
		const long = `${'a'.repeat(3000)}\n${'b'.repeat(3000)}`;
		const delivered = reply.finish(long);
		await vi.advanceTimersByTimeAsync(0);
		await delivered;
		expect([...shown.values()]).toEqual([`${'a'.repeat(3000)}\n`, 'b'.repeat(3000)]);
		expect([...shown.values()].every(html => html.length <= messageLimit)).toBe(true);
	});

	it('tries a failed edit again later, waiting longer each time, and still delivers the whole reply', async () => {
		const offline = new Error("Network request for 'editMessageText' failed!");
		const {outbox, writes, shown} = fakeOutbox({edit: [offline, offline]});
		const errors: unknown[] = [];
		const reply = stream(outbox, {errors});
		reply.update('first');
		await vi.advanceTimersByTimeAsync(0);
		const delivered = reply.finish('first and the rest');
		await vi.advanceTimersByTimeAsync(1000);
		expect(errors).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(2000);
		expect(errors).toHaveLength(2);
		await vi.advanceTimersByTimeAsync(4000);
		await delivered;
		expect(shown.get(1)).toBe('first and the rest');
		expect(writes.map(write => [write.kind, write.at])).toEqual([
			['send', 0],
			['edit', 7000],
		]);
	});

	it('sends a part again when its message was deleted, and takes "message is not modified" as shown', async () => {
		const gone = new Error('Call to editMessageText failed! (400: Bad Request: message to edit not found)');
		const same = new Error('Call to editMessageText failed! (400: Bad Request: message is not modified)');
		const {outbox, writes, setNextId} = fakeOutbox({edit: [gone, same]});
		setNextId(10);
		const saved: number[][] = [];
		const errors: unknown[] = [];
		// A reply resumed after a restart: it edits the message it had.
		const reply = stream(outbox, {messageIds: [3], saved, errors});
		const delivered = reply.finish('hello');
		await vi.advanceTimersByTimeAsync(0);
		await delivered;
		expect(writes.map(write => [write.kind, write.id])).toEqual([['send', 10]]);
		expect(saved).toEqual([[10]]);

		const again = stream(outbox, {messageIds: [10], errors});
		const done = again.finish('hello');
		await vi.advanceTimersByTimeAsync(0);
		await done;
		expect(errors).toEqual([]);
	});

	it('removes the messages a shorter reply no longer fills once it is final (a reply run again after a restart)', async () => {
		const {outbox, writes} = fakeOutbox();
		const saved: number[][] = [];
		const reply = stream(outbox, {messageIds: [5, 6], saved});
		const delivered = reply.finish('short now');
		await vi.advanceTimersByTimeAsync(0);
		await delivered;
		expect(writes.map(write => [write.kind, write.id])).toEqual([
			['edit', 5],
			['delete', 6],
		]);
		expect(saved).toEqual([[5]]);
	});

	it('writes nothing more once stopped (the gateway is stopping), and its finish resolves', async () => {
		const {outbox, writes} = fakeOutbox();
		const reply = stream(outbox);
		reply.update('one');
		await vi.advanceTimersByTimeAsync(0);
		reply.update('one two');
		reply.stop();
		await reply.finish('one two three');
		await vi.advanceTimersByTimeAsync(5000);
		expect(writes.map(write => write.html)).toEqual(['one']);
	});
});
