import {describe, expect, it} from 'vitest';
import {policyFrom} from '../../source/commands/context.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';

describe('link policy from the config', () => {
	it('uses the defaults when nothing is set', () => {
		expect(policyFrom({})).toEqual(defaultLinkPolicy);
	});

	it('honours the OpenClaw session keys', () => {
		const policy = policyFrom({'session.ping_interval': 5, 'session.reconnect_attempts': 3, 'session.reconnect_backoff': 'linear', 'session.health_check_interval': 10});
		expect(policy).toMatchObject({pingIntervalMs: 5000, maxAttempts: 3, backoff: 'linear', healthCheckIntervalMs: 10_000});
	});

	it('turns the heartbeat off with keep_alive false', () => {
		expect(policyFrom({'session.keep_alive': false}).pingIntervalMs).toBe(0);
	});
});
