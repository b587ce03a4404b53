import {describe, expect, it} from 'vitest';
import {closeNames, validateSessionName} from '../../source/store/names.js';

describe('session names', () => {
	it('accepts letters, digits, dot, dash and underscore', () => {
		expect(validateSessionName('phnx-main_2.0')).toBe('phnx-main_2.0');
	});

	it.each([
		['', 'empty'],
		['a/b', 'letters, digits'],
		['..', 'letters, digits'],
		['../etc', 'letters, digits'],
		['a\\b', 'letters, digits'],
		['x'.repeat(65), 'longer than 64'],
		['with space', 'letters, digits'],
	])('refuses %j with a clear reason', (name, reason) => {
		expect(() => validateSessionName(name)).toThrow(reason);
	});

	it('suggests close names for a typo', () => {
		expect(closeNames('mian', ['main', 'work', 'maintenance'])).toContain('main');
		expect(closeNames('zzz', ['main'])).toEqual([]);
	});
});
