import {describe, expect, it} from 'vitest';
import {hasSlept, isPeerSilent, ticksStopped} from '../../source/connection/liveness.js';

describe('liveness checks', () => {
	it('declares a peer dead when nothing arrived within the window after a ping', () => {
		expect(isPeerSilent(100, 200, 5200, 5000)).toBe(true);
		expect(isPeerSilent(100, 200, 5100, 5000)).toBe(false);
		expect(isPeerSilent(300, 200, 9000, 5000)).toBe(false);
		expect(isPeerSilent(100, undefined, 9000, 5000)).toBe(false);
	});

	it('notices the gateway ticks stopping after two intervals', () => {
		expect(ticksStopped(0, 60_001, 30_000)).toBe(true);
		expect(ticksStopped(0, 59_000, 30_000)).toBe(false);
	});

	it('detects sleep from a timer that fired much later than due', () => {
		expect(hasSlept(0, 1000, 1000, 4000)).toBe(false);
		expect(hasSlept(0, 6000, 1000, 4000)).toBe(true);
	});
});
