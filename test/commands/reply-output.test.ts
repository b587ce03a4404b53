import {describe, expect, it} from 'vitest';
import {replyOutput, revisedNotice} from '../../source/commands/reply-output.js';

function stream(options: {isTTY?: boolean; columns?: number} = {}) {
	const writes: string[] = [];
	return {writes, out: {...options, write: (text: string) => writes.push(text)}};
}

/** What a terminal shows after `written`, for the carriage return and erase-line this output uses. */
function screen(written: string): string {
	const lines: string[] = [''];
	for (const piece of written.split(/(\r\u001B\[K|\n)/)) {
		if (piece === '\n') {
			lines.push('');
		} else if (piece === '\r\u001B[K') {
			lines[lines.length - 1] = '';
		} else {
			lines[lines.length - 1] += piece;
		}
	}

	return lines.join('\n');
}

describe('a reply on a pipe', () => {
	it('prints nothing while streaming, then exactly the final text', () => {
		const {writes, out} = stream();
		const output = replyOutput(out);
		output.update('Draft that will be ');
		output.update('Draft that will be withdrawn');
		output.update('The answer');
		expect(writes).toEqual([]);
		output.end('The answer is 42.');
		expect(writes.join('')).toBe('The answer is 42.\n');
	});

	it('prints nothing at all for an empty reply', () => {
		const {writes, out} = stream();
		replyOutput(out).end('');
		expect(writes).toEqual([]);
	});
});

describe('a reply on a terminal', () => {
	it('streams text that only grows', () => {
		const {writes, out} = stream({isTTY: true, columns: 80});
		const output = replyOutput(out);
		output.update('Hel');
		output.update('Hello');
		output.end('Hello there');
		expect(writes).toEqual(['Hel', 'lo', ' there', '\n']);
	});

	it('rewrites the current line when a revision takes back only what is on it', () => {
		const {writes, out} = stream({isTTY: true, columns: 80});
		const output = replyOutput(out);
		output.update('First line\nthe answer is 41');
		output.update('First line\nthe answer is 42');
		output.end('First line\nthe answer is 42, surely');
		expect(screen(writes.join(''))).toBe('First line\nthe answer is 42, surely\n');
		expect(writes.join('')).not.toContain(revisedNotice);
	});

	it('prints the revised reply again under a notice when the revision reaches an earlier line', () => {
		const {writes, out} = stream({isTTY: true, columns: 80});
		const output = replyOutput(out);
		output.update('Draft one\nand two');
		output.end('Final one\nand two');
		expect(screen(writes.join(''))).toBe(`Draft one\nand two\n${revisedNotice}\nFinal one\nand two\n`);
	});

	it('does not rewrite a line that may have wrapped, measured in columns', () => {
		const {writes, out} = stream({isTTY: true, columns: 20});
		const output = replyOutput(out);
		output.update('日本語のテキストです1');
		output.end('日本語のテキストです2');
		expect(writes.join('')).toContain(revisedNotice);
		expect(writes.join('')).not.toContain('\r');
	});

	it('never splits a surrogate pair when it keeps the start of a line', () => {
		const {writes, out} = stream({isTTY: true, columns: 80});
		const output = replyOutput(out);
		output.update('ok 😀');
		output.end('ok 😃');
		expect(screen(writes.join(''))).toBe('ok 😃\n');
	});
});
