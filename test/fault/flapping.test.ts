/** A gateway that lets the client in and shuts the door at once: counted, backed off, summarised, bounded. */
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {Link} from '../../source/connection/link.js';
import type {LinkState} from '../../source/connection/machine.js';
import {defaultLinkPolicy, type LinkPolicy} from '../../source/connection/policy.js';
import {ChatSession} from '../../source/session/session.js';
import {SessionStore} from '../../source/store/session-store.js';
import {onCleanup, tempDir, testToken, waitFor} from '../helpers.js';
import {fakeGateway} from './fake-gateway.js';

const policy: LinkPolicy = {...defaultLinkPolicy, baseDelayMs: 20, maxDelayMs: 1000, maxAttempts: 4, minUptimeMs: 1000};

async function sessionOn(url: string) {
	const dir = await tempDir();
	const store = await SessionStore.open(dir, 'main', 'create');
	const link = new Link({endpoint: async () => ({url, token: testToken}), policy, random: () => 1});
	const session = new ChatSession(store, link);
	onCleanup(async () => session.close());
	const states: LinkState[] = [];
	link.on('state', state => states.push(state));
	return {session, link, states, journal: path.join(dir, 'main.json.journal')};
}

const sizeOf = async (file: string) => (await stat(file).catch(() => undefined))?.size ?? 0;

describe('a gateway that completes the handshake and closes at once', () => {
	it('uses up the burst with a growing backoff and goes offline with its close reason', async () => {
		const gateway = await fakeGateway({afterHello: socket => socket.close(1008, 'go away')});
		const {session, link, states} = await sessionOn(gateway.url);
		session.start();
		await waitFor(() => link.state.kind === 'offline', 'the burst is spent');
		expect(link.state).toMatchObject({kind: 'offline', attempt: 4, lastError: 'closed (1008): go away'});
		expect(gateway.connections).toBe(5);
		const waits = states.flatMap(state => (state.kind === 'backoff' ? [state] : []));
		expect(waits.map(state => state.attempt)).toEqual([1, 2, 3, 4]);
		expect(waits.every(state => !state.asked)).toBe(true);
	});

	it('logs the first drops and then summarises: no record, divider or journal growth per cycle', async () => {
		const gateway = await fakeGateway({afterHello: socket => socket.close(1008, 'go away')});
		const {session, link, journal} = await sessionOn(gateway.url);
		session.start();
		await waitFor(() => link.state.kind === 'offline', 'the first burst is spent');
		const events = session.data.events.map(event => event.type);
		expect(events.filter(type => type === 'reconnected').length).toBeLessThanOrEqual(1);
		expect(events.length).toBeLessThanOrEqual(3);
		const notices = session.notices.length;
		const journalSize = await sizeOf(journal);

		// Another whole burst (r, or a wake): every connection is now on trial and closes before it proves itself.
		const before = gateway.connections;
		link.retryNow();
		await waitFor(() => link.state.kind === 'offline' && gateway.connections >= before + 5, 'a second burst is spent');
		expect(session.data.events.map(event => event.type)).toEqual(events);
		expect(session.notices).toHaveLength(notices);
		expect(await sizeOf(journal)).toBe(journalSize);
		expect(link.state).toMatchObject({flaps: gateway.connections});
	});

	it('announces a connection that stays up, with the whole outage as its downtime, and sends the queue', async () => {
		let slamming = true;
		const gateway = await fakeGateway({afterHello: socket => slamming && socket.close(1008, 'go away')});
		const {session, link} = await sessionOn(gateway.url);
		const reconnects: Array<number | undefined> = [];
		// The gateway stops slamming as the link makes its next attempt after two flaps, and from then on the
		// opens announced are counted. Told by the state event, not found by polling: the attempt lasts
		// milliseconds, and a poll that missed it found the burst spent and waited for the slow retry, a minute later.
		link.on('state', state => {
			if (slamming && state.kind === 'connecting' && state.trialSince === undefined && (state.flaps ?? 0) >= 2) {
				slamming = false;
				link.on('open', info => reconnects.push(info.downtimeMs));
			}
		});
		session.start();
		await waitFor(() => !slamming, 'a flapping outage');
		await session.send('hello?');
		await waitFor(() => link.state.kind === 'open', 'the connection proved itself');
		expect(reconnects).toHaveLength(1);
		expect(reconnects[0]).toBeGreaterThanOrEqual(policy.minUptimeMs);
		await waitFor(() => session.messages.some(m => m.text === 'hello?' && m.status === 'sent'), 'the queued message is sent');
	});
});
