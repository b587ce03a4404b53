/** /retry of a turn whose reply failed (issue 17): run again as the same turn, against the embedded gateway and a failing model. */
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';
import {openAiAgent} from '../../source/gateway/agents.js';
import {ChatSession} from '../../source/session/session.js';
import {lastFailedTurn} from '../../source/session/transcript.js';
import {SessionStore} from '../../source/store/session-store.js';
import {App} from '../../source/ui/App.js';
import {reply, userMessage} from '../builders.js';
import {fakeOpenAi} from '../gateway/fake-openai.js';
import {onCleanup, tempDir, testGateway, testToken, waitFor} from '../helpers.js';

afterEach(cleanup);

const typeLine = async (stdin: {write(data: string): void}, text: string) => {
	stdin.write(text);
	await new Promise(resolve => setTimeout(resolve, 20));
	stdin.write('\r');
};

async function open(dir: string, url: string) {
	const store = await SessionStore.open(dir, 'main', 'attach-or-create');
	const session = new ChatSession(store, new Link({endpoint: async () => ({url, token: testToken}), policy: {...defaultLinkPolicy, baseDelayMs: 20}}));
	onCleanup(async () => session.close());
	return session;
}

describe('/retry of a failed reply', () => {
	it('runs the last turn again with the same message, shown as a retry of it rather than as a new message', async () => {
		// The model refuses the first call outright (a 400 is not retried by the gateway), then answers.
		const upstream = await fakeOpenAi([{status: 400, body: '{"error":"context too long"}'}, {words: ['Second', ' time', ' lucky']}]);
		const gateway = await testGateway({dataDir: await tempDir(), agent: openAiAgent({baseUrl: upstream.baseUrl, model: 'm1'})});
		const dir = await tempDir();
		const session = await open(dir, gateway.url);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		session.start();
		await waitFor(() => session.link.state.kind === 'open', 'the link is up');
		await typeLine(stdin, 'summarise the incident');
		await waitFor(() => lastFrame()?.includes('failed') ?? false, 'the reply fails');

		await typeLine(stdin, '/retry');
		await waitFor(() => session.messages.at(-1)?.status === 'final' && (lastFrame()?.includes('Second time lucky') ?? false), 'the turn runs again and is answered');
		const frame = lastFrame()!;
		expect(frame).toContain('running it again: summarise the incident');
		expect(frame).toContain('↻ again: summarise the incident');
		// The message's text is printed once: the retry says it is the one above.
		expect(frame.match(/^ {2}summarise the incident$/gm)).toHaveLength(1);

		const [original, failed, again, answer] = session.messages;
		expect(session.messages).toHaveLength(4);
		expect(original).toMatchObject({role: 'user', text: 'summarise the incident', status: 'sent'});
		expect(failed).toMatchObject({role: 'assistant', status: 'error', runId: original!.idempotencyKey});
		expect(again).toMatchObject({role: 'user', text: 'summarise the incident', retryOf: original!.id, status: 'sent'});
		expect(again!.idempotencyKey).not.toBe(original!.idempotencyKey);
		expect(answer).toMatchObject({role: 'assistant', status: 'final', text: 'Second time lucky', runId: again!.idempotencyKey});
		expect(upstream.requests).toHaveLength(2);

		// Read back from the gateway's history (a reattach), the retry is still one, and still a retry.
		await session.close();
		cleanup();
		const reopened = await open(dir, gateway.url);
		const synced = new Promise(resolve => reopened.once('synced', resolve));
		reopened.start();
		await synced;
		expect(reopened.messages.map(m => [m.role, m.text, m.retryOf === undefined ? '' : 'retry'])).toEqual([
			['user', 'summarise the incident', ''],
			['assistant', expect.any(String), ''],
			['user', 'summarise the incident', 'retry'],
			['assistant', 'Second time lucky', ''],
		]);
	});

	it('finds the last turn only when its reply failed', () => {
		const asked = userMessage('q', {idempotencyKey: 'k1'});
		const failed = reply('k1', 'boom', {status: 'error'});
		expect(lastFailedTurn([asked, failed])).toBe(asked);
		expect(lastFailedTurn([asked, reply('k1', 'fine')])).toBeUndefined();
		expect(lastFailedTurn([asked, failed, userMessage('later', {idempotencyKey: 'k2'})])).toBeUndefined();
		expect(lastFailedTurn([asked])).toBeUndefined();
	});

	it('says there is nothing to re-send when no turn failed', async () => {
		const store = await SessionStore.open(await tempDir(), 'main', 'create');
		const session = new ChatSession(store, new Link({endpoint: async () => new Promise<never>(() => undefined), policy: defaultLinkPolicy}));
		onCleanup(async () => session.close());
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		await typeLine(stdin, '/retry');
		await waitFor(() => lastFrame()?.includes('nothing to re-send') ?? false, 'it says so');
		expect(session.messages).toHaveLength(0);
	});
});
