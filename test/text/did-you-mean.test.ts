import {describe, expect, it} from 'vitest';
import {hasErrorCode} from '../../source/errors.js';
import {didYouMean} from '../../source/text/did-you-mean.js';

describe('the small shared bits', () => {
	it('"did you mean" names every close name, and says nothing when there is none', () => {
		expect(didYouMean(['main', 'mains'])).toBe(' (did you mean main, mains?)');
		expect(didYouMean([])).toBe('');
	});

	it('an errno check matches any of its codes, on errors and plain objects alike, and nothing else', () => {
		const missing = Object.assign(new Error('gone'), {code: 'ENOENT'});
		expect(hasErrorCode(missing, 'ENOENT')).toBe(true);
		expect(hasErrorCode(missing, 'EEXIST', 'ENOENT')).toBe(true);
		expect(hasErrorCode({code: 'EPIPE'}, 'EPIPE')).toBe(true);
		expect(hasErrorCode(missing, 'EEXIST')).toBe(false);
		for (const other of [new Error('plain'), undefined, null, 'ENOENT', {code: 2}]) {
			expect(hasErrorCode(other, 'ENOENT')).toBe(false);
		}
	});
});
