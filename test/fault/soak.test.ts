import {describe, expect, it} from 'vitest';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy, type LinkPolicy} from '../../source/connection/policy.js';
import {contentText} from '../../source/protocol/payloads.js';
import {ChatSession} from '../../source/session/session.js';
import {readSession, SessionStore} from '../../source/store/session-store.js';
import {faultProxy} from '../fault-proxy.js';
import {seeded} from '../random.js';
import {onCleanup, patience, tempDir, testGateway, testToken, waitFor} from '../helpers.js';
import {quickAgent} from './agents.js';

const count = Number(process.env.SOAK_COUNT ?? 500);
const seed = Number(process.env.SOAK_SEED ?? 7);

/**
 * Fast enough to notice a stalled proxy within a second, as the real policy does within ping_interval + 5 s.
 * minUptimeMs 0: the chaos proxy cuts connections every 0.2–3 s, so nearly every one would count as short-lived.
 */
const policy: LinkPolicy = {...defaultLinkPolicy, baseDelayMs: 20, maxDelayMs: 250, maxAttempts: 10_000, minUptimeMs: 0, pingIntervalMs: 300, pongWindowMs: 400, connectTimeoutMs: 1500};

describe('soak: messages sent through a misbehaving link and two gateway restarts', () => {
	it(`delivers each of ${count} messages once, with exactly one reply, and the file equals the gateway's history`, {timeout: 2 * patience + count * 1000}, async () => {
		const [sessionsDir, dataDir] = [await tempDir(), await tempDir()];
		let gateway = await testGateway({dataDir, agent: quickAgent});
		const {port} = gateway;
		const proxy = await faultProxy(port);
		onCleanup(async () => proxy.close());
		const store = await SessionStore.open(sessionsDir, 'soak', 'create');
		const session = new ChatSession(store, new Link({endpoint: async () => ({url: proxy.url, token: testToken}), policy}));
		onCleanup(async () => session.close());
		session.start();

		const stopChaos = proxy.chaos(seeded(seed));
		const finals = () => session.messages.filter(m => m.role === 'assistant' && m.status === 'final').length;
		for (let i = 0; i < count; i++) {
			void session.send(`message ${i}`);
			if (i === Math.floor(count / 3) || i === Math.floor((2 * count) / 3)) {
				await waitFor(() => finals() >= i / 2, 'some replies arrive before the restart', patience);
				await gateway.close();
				gateway = await testGateway({dataDir, port, agent: quickAgent});
			}
		}

		await waitFor(() => finals() >= count, `all ${count} replies are final (had ${finals()})`, patience + count * 600);
		stopChaos();
		await gateway.chat.idle();
		await session.close();

		const all: ReturnType<typeof gateway.chat.chatHistory>['messages'] = [];
		for (let more = true, offset = 0; more; offset += 1000) {
			const page = gateway.chat.chatHistory('soak', 1000, offset);
			all.unshift(...page.messages);
			more = page.hasMore;
		}

		const users = all.filter(row => row.role === 'user').map(row => contentText(row.content));
		expect(users).toHaveLength(count);
		expect(new Set(users).size).toBe(count);
		const replies = all.filter(row => row.role === 'assistant');
		expect(replies).toHaveLength(count);
		expect(new Set(replies.map(row => row.__openclaw?.runId)).size).toBe(count);

		const saved = await readSession(sessionsDir, 'soak');
		expect(saved.messages.map(m => `${m.role}: ${m.text}`)).toEqual(all.map(row => `${row.role}: ${contentText(row.content)}`));
		expect(proxy.drops).toBeGreaterThan(0);
		expect(saved.events.filter(event => event.type === 'reconnected').length).toBeGreaterThan(2);
	});
});
