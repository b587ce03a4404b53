import {describe, expect, it} from 'vitest';
import {interleave, splitTranscript, type TranscriptItem} from '../../source/ui/transcript-items.js';
import {reply, userMessage} from '../builders.js';

const ids = (items: readonly TranscriptItem[]) => items.map(item => (item.kind === 'message' ? item.message.text : item.kind));

describe('transcript split', () => {
	it('prints finished messages once and keeps the streaming tail live', () => {
		const messages = [userMessage('a'), reply('key-a', 'A'), userMessage('b'), reply('key-b', 'B…', {status: 'streaming'}), userMessage('c')];
		const printedIds = new Set<string>();
		const first = splitTranscript(interleave(messages, [], new Set()), [], printedIds);
		expect(ids(first.printed)).toEqual(['a', 'A', 'b']);
		expect(ids(first.live)).toEqual(['B…', 'c']);

		const again = splitTranscript(interleave(messages, [], new Set()), first.printed, printedIds);
		expect(again.printed).toBe(first.printed);
	});

	it('prints what history inserted earlier below what was already printed, after its notice', () => {
		const printedIds = new Set<string>();
		const before = splitTranscript(interleave([userMessage('a')], [], new Set()), [], printedIds);
		const merged = [userMessage('old'), userMessage('a')];
		const after = splitTranscript(interleave(merged, [{id: 'n', text: '1 new since you left', afterMessageId: undefined}], new Set()), before.printed, printedIds);
		expect(ids(after.printed)).toEqual(['a', 'notice', 'old']);
	});
});
