import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {Link} from '../../source/connection/link.js';
import {connectParams} from '../../source/protocol/params.js';
import {approvalFrom} from '../../source/session/approvals.js';
import {ChatSession} from '../../source/session/session.js';
import {SessionStore} from '../../source/store/session-store.js';
import {App} from '../../source/ui/App.js';
import {FakeLink, key} from '../fake-link.js';
import {onCleanup, tempDir, waitFor} from '../helpers.js';

const requested = (id: string, request: Record<string, unknown>) => ({type: 'event', event: 'exec.approval.requested', payload: {approvalKind: 'exec', id, request, createdAtMs: 1, expiresAtMs: Date.now() + 60_000}});

async function sessionOver(link: FakeLink): Promise<ChatSession> {
	const store = await SessionStore.open(await tempDir(), 'main', 'create');
	const session = new ChatSession(store, link as unknown as Link);
	onCleanup(async () => session.close());
	return session;
}

describe('exec approvals', () => {
	it('asks for the scope and the cap only when the user wants to answer approvals', () => {
		const challenge = {nonce: 'n', ts: 1};
		const client = {version: '0', platform: 'linux'};
		expect(connectParams({token: 't'}, challenge, client)).toMatchObject({scopes: ['operator.read', 'operator.write'], caps: ['tool-events']});
		expect(connectParams({token: 't'}, challenge, {...client, approvals: true})).toMatchObject({
			scopes: ['operator.read', 'operator.write', 'operator.approvals'],
			caps: ['tool-events', 'exec-approvals'],
		});
	});

	it('reads the command as the gateway presents it, and ignores other sessions\' approvals', () => {
		const event = {id: 'a1', request: {command: 'rm -rf build', cwd: '/repo', sessionKey: key, presentation: {commandText: 'rm -rf build/', warningText: 'deletes files'}}};
		expect(approvalFrom(event, key)).toEqual({id: 'a1', command: 'rm -rf build/', cwd: '/repo', warning: 'deletes files'});
		expect(approvalFrom({id: 'a2', request: {commandArgv: ['ls', '-la'], systemRunPlan: {sessionKey: key}}}, key)).toMatchObject({command: 'ls -la'});
		expect(approvalFrom({id: 'a3', request: {command: 'ls', sessionKey: 'agent:main:other'}}, key)).toBeUndefined();
	});

	it('backfills approvals asked before the connection, shows each once, and answers the oldest', async () => {
		const link = new FakeLink({'exec.approval.list': [{id: 'old', request: {command: 'make deploy', sessionKey: key}}]});
		const session = await sessionOver(link);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		session.start();
		await waitFor(() => session.approvals.length === 1, 'the backfilled approval');
		link.emit('event', requested('old', {command: 'make deploy', sessionKey: key}));
		link.emit('event', requested('new', {command: 'git push', sessionKey: key}));
		expect(session.approvals.map(approval => approval.id)).toEqual(['old', 'new']);
		await waitFor(() => lastFrame()?.includes('make deploy') ?? false, 'the notice');
		expect(lastFrame()).toContain('/approve · /approve always · /deny');

		stdin.write('/approve always');
		await waitFor(() => lastFrame()?.includes('› /approve always') ?? false, 'the command typed');
		stdin.write('\r');
		await waitFor(() => session.approvals.length === 1, 'the answer');
		expect(link.requests.filter(request => request.method === 'exec.approval.resolve')).toEqual([{method: 'exec.approval.resolve', params: {id: 'old', decision: 'allow-always'}}]);
		link.emit('event', {type: 'event', event: 'exec.approval.resolved', payload: {id: 'new', decision: 'deny'}});
		expect(session.approvals).toEqual([]);
	});

	it('lists nothing when the gateway did not grant the scope', async () => {
		const link = new FakeLink();
		link.hello.auth.scopes = ['operator.read', 'operator.write'];
		const session = await sessionOver(link);
		session.start();
		await waitFor(() => link.requests.some(request => request.method === 'chat.history'), 'the history read');
		expect(link.requests.map(request => request.method)).not.toContain('exec.approval.list');
	});
});
