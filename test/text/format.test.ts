import {describe, expect, it} from 'vitest';
import {clock} from '../../source/text/format.js';

describe('the clock beside each message', () => {
	it('shows local time as HH:MM, 24-hour, and nothing for a date it cannot read', () => {
		const evening = new Date(2026, 10, 24, 21, 5);
		expect(clock(evening.toISOString())).toBe('21:05');
		expect(clock(new Date(2026, 10, 24, 7, 30).toISOString())).toBe('07:30');
		expect(clock('not a date')).toBe('');
	});
});
