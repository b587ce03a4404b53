import {describe, expect, it} from 'vitest';
import {itemId, liveBudgets, messagesThatFit, splitTranscript, streamingTail, type TranscriptItem} from '../../source/ui/transcript-items.js';
import {reply, userMessage} from '../builders.js';

const ids = (items: readonly TranscriptItem[]) => items.map(item => (item.kind === 'message' ? item.message.text : item.kind));

/** What the TUI does with a split's additions: prints them, and counts them as printed from then on. */
function printed<T extends {additions: readonly TranscriptItem[]}>(split: T, printedIds: Set<string>): T {
	for (const item of split.additions) {
		printedIds.add(itemId(item));
	}

	return split;
}

describe('transcript split', () => {
	it('prints finished messages once and keeps the streaming tail live', () => {
		const messages = [userMessage('a'), reply('key-a', 'A'), userMessage('b'), reply('key-b', 'B…', {status: 'streaming'}), userMessage('c')];
		const printedIds = new Set<string>();
		const first = printed(splitTranscript(messages, [], new Set(), printedIds), printedIds);
		expect(ids(first.additions)).toEqual(['a', 'A', 'b']);
		expect(ids(first.live)).toEqual(['B…', 'c']);

		const again = splitTranscript(messages, [], new Set(), printedIds);
		expect(again.additions).toEqual([]);
		expect(ids(again.live)).toEqual(['B…', 'c']);
	});

	it('prints what history inserted earlier below what was already printed, after its notice', () => {
		const printedIds = new Set<string>();
		const before = printed(splitTranscript([userMessage('a')], [], new Set(), printedIds), printedIds);
		const merged = [userMessage('old'), userMessage('a')];
		const after = splitTranscript(merged, [{id: 'n', text: '1 new since you left', afterMessageId: undefined}], new Set(), printedIds);
		expect(ids([...before.additions, ...after.additions])).toEqual(['a', 'notice', 'old']);
	});
});

describe('the live area shared by its items', () => {
	it('gives each what it needs while all fit', () => {
		expect(liveBudgets([5, 6], 30)).toEqual([5, 6]);
	});

	it('keeps it within the screen: the reply streaming last takes what is left, a message before it its end', () => {
		// A 34-line message on its way, then the reply: together never more than the 30 rows there are.
		expect(liveBudgets([37, Number.POSITIVE_INFINITY], 30)).toEqual([4, 26]);
		expect(liveBudgets([37], 30)).toEqual([30]);
		expect(liveBudgets([3, 37, 5], 30)).toEqual([3, 21, 5]);
		const many = liveBudgets([10, 10, 10, 10], 30);
		expect(many.reduce((sum, rows) => sum + rows, 0)).toBeLessThanOrEqual(30);
	});
});

describe('the live part of a streaming reply', () => {
	it('is the end of the text that fits, and says when the start is cut', () => {
		const text = Array.from({length: 100}, (_, i) => `line ${i}`).join('\n');
		const tail = streamingTail(text, 10, 80);
		expect(tail.text.split('\n')).toEqual(Array.from({length: 10}, (_, i) => `line ${90 + i}`));
		expect(tail.truncated).toBe(true);
		expect(streamingTail('short', 10, 80)).toEqual({text: 'short', truncated: false});
		expect(streamingTail('x'.repeat(10_000), 3, 24).text).toHaveLength(3 * 20);
	});

	it('keeps the opening of the block its first line is inside of: a code fence, a table header', () => {
		const code = ['intro', '~~~ts', ...Array.from({length: 30}, (_, i) => `const a${i} = ${i};`)].join('\n');
		expect(streamingTail(code, 5, 80).text.split('\n')[0]).toBe('~~~ts');
		const closed = ['```', 'x', '```', ...Array.from({length: 30}, (_, i) => `line ${i}`)].join('\n');
		expect(streamingTail(closed, 5, 80).text.split('\n')[0]).toBe('line 25');
		const table = ['| a | b |', '|:-:|--:|', ...Array.from({length: 30}, (_, i) => `| ${i} | x |`)].join('\n');
		expect(streamingTail(table, 5, 80).text.split('\n').slice(0, 3)).toEqual(['| a | b |', '|:-:|--:|', '| 25 | x |']);
		const prose = ['not | a table', 'just text', ...Array.from({length: 30}, (_, i) => `words ${i} | more`)].join('\n');
		expect(streamingTail(prose, 5, 80).text.split('\n')[0]).toBe('words 25 | more');
	});

	it('counts wide characters and tabs as the columns they take on screen', () => {
		// 60 CJK characters are 120 columns: two lines each at 110 columns, so 10 of them fill 20 lines.
		const text = Array.from({length: 20}, (_, i) => `${i}`.padStart(2, '0') + '漢'.repeat(58)).join('\n');
		expect(streamingTail(text, 20, 110).text.split('\n')).toHaveLength(10);
		expect(streamingTail('漢'.repeat(10_000), 3, 24).text).toBe('漢'.repeat(30));
		const tabbed = Array.from({length: 20}, () => '\t'.repeat(12)).join('\n');
		expect(streamingTail(tabbed, 10, 84).text.split('\n')).toHaveLength(5);
	});

	it('and reattach prints only the messages that fill the budget', () => {
		const messages = Array.from({length: 50}, (_, i) => ({id: `m${i}`, role: 'user' as const, text: 'a\nb\nc', at: '', status: 'sent' as const}));
		// Five lines each (header, blank, three of text): 30 lines hold six.
		expect(messagesThatFit(messages, 30, 80)).toBe(6);
		expect(messagesThatFit(messages.slice(0, 1), 1, 80)).toBe(1);
		const wide = messages.map(message => ({...message, text: '漢'.repeat(60)}));
		// Four lines each at 80 columns (the text takes two): 30 lines hold eight, not ten.
		expect(messagesThatFit(wide, 30, 80)).toBe(8);
	});
});
