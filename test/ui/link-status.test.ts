import {describe, expect, it} from 'vitest';
import {linkStatus} from '../../source/ui/link-status.js';

const at = 100_000;

describe('link status text', () => {
	it('counts the same attempt while waiting for it and while making it, and never past the burst', () => {
		expect(linkStatus({kind: 'backoff', attempt: 10, retryAt: at + 4000}, at, undefined, 10).text).toBe('reconnecting in 4s (attempt 10/10)');
		expect(linkStatus({kind: 'connecting', attempt: 10}, at, undefined, 10).text).toBe('connecting (attempt 10/10)');
		expect(linkStatus({kind: 'connecting', attempt: 10, watching: true}, at, undefined, 10).text).toBe('connecting');
		expect(linkStatus({kind: 'connecting', attempt: 0}, at, undefined, 10).text).toBe('connecting');
	});

	it('says it in its fewest words in a narrow terminal, where the queue and r to retry must still fit', () => {
		expect(linkStatus({kind: 'backoff', attempt: 5, retryAt: at + 1000}, at, undefined, 10, true).text).toBe('reconnecting in 1s');
		expect(linkStatus({kind: 'offline', attempt: 10}, at, undefined, 10, true).text).toBe('offline · r to retry');
		expect(linkStatus({kind: 'connecting', attempt: 4}, at, undefined, 10, true).text).toBe('connecting');
	});

	it('says when a wait is the one the gateway asked for', () => {
		expect(linkStatus({kind: 'backoff', attempt: 0, asked: true, retryAt: at + 500, lastError: 'gateway starting'}, at, undefined, 10)).toEqual({
			symbol: '◌',
			text: 'reconnecting in 1s (as the gateway asked)',
			tone: 'warn',
			reason: 'gateway starting',
		});
	});

	it('says offline means waiting, and sums up connections the gateway closed at once', () => {
		const status = linkStatus({kind: 'offline', attempt: 10, watching: true, flaps: 12, lastError: 'closed (1008): go away'}, at, undefined, 10);
		expect(`${status.symbol} ${status.text} (${status.reason})`).toBe(
			'✕ offline · waiting for the gateway · r to retry (closed (1008): go away; the gateway closed 12 connections at once)',
		);
	});
});
