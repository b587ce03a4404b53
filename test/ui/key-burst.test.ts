import {describe, expect, it} from 'vitest';
import {splitBurst} from '../../source/ui/key-burst.js';

describe('control keys read together', () => {
	it('are split into keys as each would be read alone, with the text between them kept whole', () => {
		expect(splitBurst('\u0017\u0017')).toEqual([
			{input: 'w', key: {ctrl: true}},
			{input: 'w', key: {ctrl: true}},
		]);
		expect(splitBurst('ab\u0005\u0002\u0002cd')).toEqual([
			{input: 'ab', key: {}},
			{input: 'e', key: {ctrl: true}},
			{input: 'b', key: {ctrl: true}},
			{input: 'b', key: {ctrl: true}},
			{input: 'cd', key: {}},
		]);
		expect(splitBurst('\u0001x\r')).toEqual([
			{input: 'a', key: {ctrl: true}},
			{input: 'x', key: {}},
			{input: '\r', key: {return: true}},
		]);
	});

	it('leaves alone what holds no control key: one key, typed text, a paste with its line breaks and tabs', () => {
		expect(splitBurst('\u0017')).toBeUndefined();
		expect(splitBurst('hello')).toBeUndefined();
		expect(splitBurst('first\nsecond\tthird\r')).toBeUndefined();
	});
});
