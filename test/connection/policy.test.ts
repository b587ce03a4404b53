import {describe, expect, it} from 'vitest';
import {askedDelay, backoffDelay, defaultLinkPolicy, slowRetryDelay, type LinkPolicy} from '../../source/connection/policy.js';

const policy = (overrides: Partial<LinkPolicy> = {}): LinkPolicy => ({...defaultLinkPolicy, ...overrides});
const highest = () => 0.999_999;

describe('backoffDelay', () => {
	it('doubles the ceiling each attempt from 500 ms', () => {
		expect([1, 2, 3, 4].map(attempt => backoffDelay(policy(), attempt, highest))).toEqual([500, 1000, 2000, 4000]);
	});

	it('never waits longer than the 30 s cap', () => {
		expect(backoffDelay(policy(), 20, highest)).toBe(30_000);
		expect(backoffDelay(policy(), 10_000, highest)).toBe(30_000);
	});

	it('draws full jitter per attempt, between zero and the ceiling', () => {
		expect(backoffDelay(policy(), 3, () => 0)).toBe(0);
		expect(backoffDelay(policy(), 3, () => 0.5)).toBe(1000);
	});

	it('grows linearly when asked to', () => {
		expect([1, 2, 3].map(attempt => backoffDelay(policy({backoff: 'linear'}), attempt, highest))).toEqual([500, 1000, 1500]);
	});

	it('waits the base delay every time when fixed', () => {
		expect([1, 5, 9].map(attempt => backoffDelay(policy({backoff: 'fixed'}), attempt, () => 0))).toEqual([500, 500, 500]);
	});
});

describe('slowRetryDelay', () => {
	it('tries about once a minute once a burst is spent, jittered by a quarter either way', () => {
		expect([0, 0.5, 0.999_999].map(random => slowRetryDelay(policy(), () => random))).toEqual([45_000, 60_000, 75_000]);
	});
});

describe('askedDelay', () => {
	it('waits what the gateway asked, held between 100 ms and the asked-wait budget', () => {
		expect([0, 500, 5000, 10 * 60_000].map(ms => askedDelay(policy(), ms))).toEqual([100, 500, 5000, 120_000]);
	});
});
