/** A model that fails: the transcript says how (HTTP status, the endpoint's words), and the turn can be sent again. */
import {describe, expect, it} from 'vitest';
import {Link} from '../../source/connection/link.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';
import {openAiAgent} from '../../source/gateway/agents.js';
import {ChatSession} from '../../source/session/session.js';
import {SessionStore} from '../../source/store/session-store.js';
import {fakeOpenAi} from '../gateway/fake-openai.js';
import {onCleanup, tempDir, testGateway, testToken, waitFor} from '../helpers.js';

describe('a model error in a session on the embedded gateway', () => {
	it('shows the HTTP status and the endpoint’s message on the failed reply, and the same message sent again is answered', async () => {
		const upstream = await fakeOpenAi([{status: 401, body: '{"error":{"message":"Incorrect API key provided: sk-…","type":"invalid_request_error"}}'}, {words: ['now', ' it', ' works']}]);
		const gateway = await testGateway({dataDir: await tempDir(), agent: openAiAgent({baseUrl: upstream.baseUrl, model: 'gpt-4o'})});
		const store = await SessionStore.open(await tempDir(), 'main', 'attach-or-create');
		const session = new ChatSession(store, new Link({endpoint: async () => ({url: gateway.url, token: testToken}), policy: {...defaultLinkPolicy, maxAttempts: 100}}));
		onCleanup(async () => session.close());
		session.start();

		await session.send('hello');
		const replies = () => session.messages.filter(m => m.role === 'assistant');
		await waitFor(() => replies()[0]?.status === 'error', 'the reply fails');
		const failed = replies()[0]!;
		expect(`${failed.text} ${failed.error ?? ''}`).toContain(`the model at 127.0.0.1:${upstream.port} answered HTTP 401: Incorrect API key provided: sk-…`);
		expect(`${failed.text} ${failed.error ?? ''}`).not.toContain('invalid_request_error');

		// What /retry does for a failed turn: the same words again, as a new turn.
		await session.send('hello');
		await waitFor(() => replies()[1]?.status === 'final', 'the second try is answered');
		expect(replies()[1]!.text).toBe('now it works');
		expect((upstream.requests[1] as {messages: unknown[]}).messages).toEqual([{role: 'user', content: 'hello'}]);
	});
});
