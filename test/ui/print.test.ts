import {describe, expect, it} from 'vitest';
import {printMessage, printNotice} from '../../source/ui/print.js';
import {reply, userMessage} from '../builders.js';

const look = {columns: 40, timestamps: false, fresh: false};
const lines = (text: string) => text.replaceAll(/\u001B\[[\d;]*m/g, '').split('\n');

describe('a message printed as text', () => {
	it('fits the terminal: long lines are wrapped, wide characters counted as two columns', () => {
		const long = lines(printMessage(userMessage(`${'x'.repeat(100)} ${'漢'.repeat(30)}`), look));
		expect(long.slice(2).every(line => line.startsWith('  '))).toBe(true);
		const columns = (line: string) => [...line].reduce((sum, character) => sum + (character === '漢' ? 2 : 1), 0);
		expect(Math.max(...long.map(columns))).toBeLessThanOrEqual(40);
		expect(long.slice(2).join('').replaceAll(/\s/g, '')).toBe(`${'x'.repeat(100)}${'漢'.repeat(30)}`);
	});

	it('leaves lines the markdown renderer already fitted as they are', () => {
		const text = lines(printMessage(reply('run', 'short **bold** words'), look));
		expect(text).toEqual(['', 'assistant', '  short bold words']);
	});

	it('shows only the end of a message on its way when the live area has fewer lines, and says so', () => {
		const tall = userMessage(Array.from({length: 30}, (_, i) => `line ${i + 1}`).join('\n'), {status: 'sending'});
		const text = lines(printMessage(tall, {...look, maxLines: 5}));
		expect(text).toHaveLength(2 + 1 + 5);
		expect(text[2]).toBe('  … (its start is not shown here; all of it shows once it is sent)');
		expect(text.at(-1)).toBe('  line 30');
		expect(lines(printMessage(tall, look))).toHaveLength(2 + 30);
	});

	it('goes on under its words, not at the edge, for a divider longer than the screen', () => {
		const text = lines(printNotice('the embedded gateway runs fake @ 127.0.0.1:28799, but your settings ask for offline echo', 40));
		expect(text[0]).toBe('');
		expect(text.slice(2).every(line => line.startsWith('   '))).toBe(true);
	});
});
