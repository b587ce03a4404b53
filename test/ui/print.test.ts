import {describe, expect, it} from 'vitest';
import {printMessage} from '../../source/ui/print.js';
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
});
