import {describe, expect, it} from 'vitest';
import {linkStats} from '../../source/session/stats.js';
import type {LinkRecord} from '../../source/model/session-data.js';

const drop = (reason: string): LinkRecord => ({at: '2026-11-24T10:00:00.000Z', type: 'disconnected', reason});
const back = (downtimeMs: number): LinkRecord => ({at: '2026-11-24T10:00:01.000Z', type: 'reconnected', downtimeMs});

describe('linkStats', () => {
	it('counts drops and finds the longest and the median downtime', () => {
		const stats = linkStats([drop('a'), back(1000), drop('b'), back(14_000), drop('c'), back(2000)]);
		expect(stats).toMatchObject({drops: 3, reconnects: 3, longestDowntimeMs: 14_000, medianReconnectMs: 2000, lastDrop: {reason: 'c'}});
	});

	it('takes the mean of the middle two for an even count, and says nothing for a quiet session', () => {
		expect(linkStats([back(1000), back(3000)]).medianReconnectMs).toBe(2000);
		expect(linkStats([])).toEqual({drops: 0, reconnects: 0, longestDowntimeMs: undefined, medianReconnectMs: undefined, lastDrop: undefined});
	});
});
