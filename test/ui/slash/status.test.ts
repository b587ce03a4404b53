import {describe, expect, it} from 'vitest';
import {statusCommand} from '../../../source/ui/slash/status.js';
import {openSession, slashContext} from './context.js';

describe('/status', () => {
	it("reports the gateway, the link's state, the drops this session saw and the last error", async () => {
		const session = await openSession([], {events: [{at: '2026-11-24T10:00:00.000Z', type: 'disconnected', reason: 'socket hang up'}]});
		const heard = slashContext(session, {gateway: 'ws://127.0.0.1:18789'});
		await statusCommand.run('', heard.context);
		expect(heard.reports).toEqual(['ws://127.0.0.1:18789 · idle · 1 drop(s) in this session · last error: socket hang up']);
		expect(heard.flashes).toEqual([]);
	});
});
