import {describe, expect, it} from 'vitest';
import {escapeJsonForTerminal, sanitize, sanitizeLine} from '../../source/text/sanitize.js';

const hostile: Array<[string, string, string]> = [
	['a CSI colour', 'a\u001B[31mred\u001B[0m', 'ared'],
	['a cursor move and clear screen', 'x\u001B[2J\u001B[H', 'x'],
	['an OSC window title ended by BEL', '\u001B]0;pwned\u0007ok', 'ok'],
	['an OSC 52 clipboard write ended by ST', '\u001B]52;c;ZXZpbA==\u001B\\ok', 'ok'],
	['an OSC 8 hyperlink', '\u001B]8;;http://evil\u001B\\click\u001B]8;;\u001B\\', 'click'],
	['a DCS string', '\u001BPq#0;2;0;0;0\u001B\\ok', 'ok'],
	['an unterminated OSC', 'ok\u001B]0;title never ends', 'ok'],
	['an unterminated OSC, with the rest of the reply on the lines after it', 'a\u001B]0;broken\nthe rest\nof the reply', 'a\nthe rest\nof the reply'],
	['an unterminated 8-bit OSC before a newline', 'a\u009D0;broken\nrest', 'a\nrest'],
	['a lone ESC at the end', 'ok\u001B', 'ok'],
	['8-bit CSI', 'a\u009B31mb', 'ab'],
	['8-bit OSC', 'a\u009D0;t\u0007b', 'ab'],
	['bare CR, backspace, BEL and NUL', 'safe\rover\bwrite\u0007\u0000', 'safeoverwrite'],
	['bidi overrides', 'abc\u202Edef\u2066', 'abcdef'],
	['DEL', 'a\u007Fb', 'ab'],
];

describe('sanitize', () => {
	it.each(hostile)('neutralises %s', (_what, input, expected) => {
		expect(sanitize(input)).toBe(expected);
	});

	it('keeps text, newlines, tabs and non-Latin scripts', () => {
		const text = 'Hello\n\tworld — ünïcødé 日本語 🙂 مرحبا';
		expect(sanitize(text)).toBe(text);
	});

	it('cannot be beaten by a sequence split across streamed chunks', () => {
		const chunks = ['title: \u001B', ']0;pwned', '\u0007 done'];
		let assembled = '';
		for (const chunk of chunks) {
			assembled += chunk;
			expect(sanitize(assembled)).not.toContain('\u001B');
		}

		expect(sanitize(assembled)).toBe('title:  done');
	});

	it('folds lines for one-line fields', () => {
		expect(sanitizeLine('a\nb\tc\u001B[1m')).toBe('a b c');
	});
});

describe('escapeJsonForTerminal', () => {
	it('escapes C1 controls and bidi overrides inside strings, so the JSON says the same and shows safely', () => {
		const json = JSON.stringify({text: 'a\u009B31mb\u202Ec\u001B'});
		const escaped = escapeJsonForTerminal(json);
		expect(escaped).toBe('{"text":"a\\u009b31mb\\u202ec\\u001b"}');
		expect(JSON.parse(escaped)).toEqual(JSON.parse(json));
	});
});
