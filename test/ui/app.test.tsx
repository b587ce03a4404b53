import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {Link} from '../../source/connection/link.js';
import type {LinkState} from '../../source/connection/machine.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';
import {ChatSession} from '../../source/session/session.js';
import {SessionStore} from '../../source/store/session-store.js';
import {App} from '../../source/ui/App.js';
import {StatusLine} from '../../source/ui/StatusLine.js';
import {reply, userMessage} from '../builders.js';
import {onCleanup, tempDir, testGateway, testToken, waitFor} from '../helpers.js';

// Unmounted after each test, before its session closes: a TUI still printing must not run on into the next test.
afterEach(cleanup);

const status = (state: LinkState, extra: Partial<Parameters<typeof StatusLine>[0]> = {}) =>
	render(<StatusLine state={state} latencyMs={undefined} maxAttempts={10} session="main" gateway="embedded" queued={0} replying={false} {...extra} />).lastFrame();

describe('status line', () => {
	it('says connected, with the round-trip time', () => {
		expect(status({kind: 'open', since: 0}, {latencyMs: 12})).toContain('● connected 12ms · main · embedded');
	});

	it('counts down to the next attempt and shows the queue', () => {
		const frame = status({kind: 'backoff', attempt: 3, retryAt: Date.now() + 4000}, {queued: 2});
		expect(frame).toMatch(/◌ reconnecting in [34]s \(attempt 3\/10\) · 2 queued/);
	});

	it('counts down from now, not from when the status line first showed', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date']});
		try {
			const props = {latencyMs: undefined, maxAttempts: 10, session: 'main', gateway: 'embedded', queued: 0, replying: false};
			const {lastFrame, rerender} = render(<StatusLine state={{kind: 'open', since: 0}} {...props} />);
			await vi.advanceTimersByTimeAsync(40_000);
			rerender(<StatusLine state={{kind: 'backoff', attempt: 1, retryAt: Date.now() + 700}} {...props} />);
			await vi.advanceTimersByTimeAsync(10);
			expect(lastFrame()).toContain('reconnecting in 1s (attempt 1/10)');
			rerender(<StatusLine state={{kind: 'backoff', attempt: 2, retryAt: Date.now() + 4500}} {...props} />);
			await vi.advanceTimersByTimeAsync(10);
			expect(lastFrame()).toContain('reconnecting in 5s (attempt 2/10)');
			await vi.advanceTimersByTimeAsync(2000);
			expect(lastFrame()).toContain('reconnecting in 3s (attempt 2/10)');
		} finally {
			vi.useRealTimers();
		}
	});

	it('says offline and how to retry', () => {
		expect(status({kind: 'offline', attempt: 10})).toContain('✕ offline · waiting for the gateway · r to retry');
	});

	it('says why a failed link stopped, after how to retry, which a long reason does not cut off', () => {
		expect(status({kind: 'failed', attempt: 0, code: 'AUTH_TOKEN_MISMATCH', lastError: 'the gateway refused the token'})).toContain('✕ stopped · r to retry (the gateway refused the token)');
		const held = 'port 28716 on 127.0.0.1 is held by another program, not a Tether gateway: stop it, or choose another port with tether config set embedded.port N';
		expect(status({kind: 'failed', attempt: 0, code: 'PORT_HELD', lastError: held})).toContain('✕ stopped · r to retry (port 28716');
	});

	it('shows what is queued before why the link is down, which a long reason does not cut off', () => {
		const line = status({kind: 'backoff', attempt: 5, retryAt: 4000, downSince: 0, lastError: `the embedded gateway did not start: ${'x'.repeat(200)}`}, {queued: 2});
		expect(line).toContain('· 2 queued (the embedded gateway did not start');
	});

	it('shows that a reply is being written and how to stop it', () => {
		expect(status({kind: 'open', since: 0}, {replying: true})).toContain('writing (Esc stops)');
	});

	it('says what a run is doing before its first word, and for how long', () => {
		const progress = {runId: 'r', startedAt: Date.now() - 12_400, activity: 'waiting for the model'};
		expect(status({kind: 'open', since: 0}, {progress})).toMatch(/waiting for the model · 1[23] s \(Esc stops\)/);
	});

	it('makes a model retry visible', () => {
		const progress = {runId: 'r', startedAt: Date.now(), activity: 'waiting for the model', retry: 'model answered 429 · retrying (attempt 2/4)'};
		expect(status({kind: 'open', since: 0}, {progress})).toContain('model answered 429 · retrying (attempt 2/4)');
	});

	it('stops the spinner when the link drops', () => {
		const progress = {runId: 'r', startedAt: Date.now(), activity: 'running read NOTES.md'};
		expect(status({kind: 'backoff', attempt: 1, retryAt: Date.now() + 4000}, {progress, replying: true})).not.toContain('Esc stops');
	});

	it('names the model and how full its context is', () => {
		expect(status({kind: 'open', since: 0}, {model: {model: 'echo', totalTokens: 1234, contextTokens: 32_768}})).toContain('echo · 1.2k/33k (4%)');
	});

	it('says when the session is also open on Telegram', () => {
		expect(status({kind: 'open', since: 0}, {latencyMs: 3, model: {model: 'echo', channel: 'telegram'}})).toContain('● connected 3ms · main (also on telegram) · echo · embedded');
	});
});

async function sessionWith(messages: ReturnType<typeof userMessage>[], url?: () => string) {
	const dir = await tempDir();
	const store = await SessionStore.open(dir, 'main', 'create');
	store.update(data => ({...data, messages}));
	// With no URL the endpoint never answers: the client stays "connecting", as when the gateway is unreachable.
	const endpoint = url ? async () => ({url: url(), token: testToken}) : async () => new Promise<never>(() => undefined);
	const session = new ChatSession(store, new Link({endpoint, policy: {...defaultLinkPolicy, baseDelayMs: 20}}));
	onCleanup(async () => session.close());
	return session;
}

const typeLine = async (stdin: {write(data: string): void}, text: string) => {
	stdin.write(text);
	await new Promise(resolve => setTimeout(resolve, 20));
	stdin.write('\r');
};

describe('the TUI', () => {
	it('does not print again what the first screen printed before it loaded', async () => {
		const session = await sessionWith([userMessage('printed before', {id: 'a'}), reply('run', 'also printed', {id: 'b'}), userMessage('still queued', {id: 'c', status: 'queued'})]);
		const {lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} firstScreen={{lastPrinted: 'b', footerLines: 0}} />);
		expect(lastFrame()).not.toContain('printed before');
		expect(lastFrame()).not.toContain('also printed');
		expect(lastFrame()).not.toContain('message(s)');
		expect(lastFrame()).toContain('still queued');
	});

	it('shows the saved transcript at once, before any connection', async () => {
		const session = await sessionWith([userMessage('what were we doing?'), reply('key-what were we doing?', 'Fixing the **build**.')]);
		const {lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		expect(lastFrame()).toContain('what were we doing?');
		expect(lastFrame()).toContain('Fixing the build.');
		expect(lastFrame()).not.toContain('**');
		expect(lastFrame()).toContain('── main · 2 message(s) ──');
	});

	it('wraps a notice at word boundaries, no line of it starting with a space', async () => {
		const session = await sessionWith([userMessage('hello')]);
		// Its first line fills the 100 columns exactly, so the space after it falls at the start of the next.
		const text = `connected ${'x'.repeat(39)} ${'y'.repeat(50)} last error: closed (1006)`;
		const {lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} notice={text} />);
		const lines = lastFrame()!.split('\n');
		const start = lines.findIndex(line => line.startsWith('connected x'));
		expect(start).toBeGreaterThan(-1);
		expect(lines[start + 1]).toBe('last error: closed (1006)');
	});

	it('prints a reply of thousands of lines whole and in order, a part per frame', async () => {
		const long = Array.from({length: 2000}, (_, i) => `line ${i}`).join('\n\n');
		const session = await sessionWith([userMessage('a long one please'), reply('key-long', long)]);
		const {frames, lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} scrollback={10_000} />);
		await waitFor(() => lastFrame()?.includes('line 1999') ?? false, 'the end of the reply is printed');
		expect(frames.length).toBeGreaterThan(10);
		const text = lastFrame()!;
		const order = Array.from({length: 2000}, (_, i) => text.indexOf(`line ${i}\n`));
		expect(order.every((at, i) => at !== -1 && (i === 0 || at > order[i - 1]!))).toBe(true);
		expect(text.match(/line 1000\n/g)).toHaveLength(1);
	});

	it('counts the messages left in the file in its header', async () => {
		const dir = await tempDir();
		const created = await SessionStore.open(dir, 'main', 'create');
		created.update(data => ({...data, messages: Array.from({length: 50}, (_, i) => userMessage(`m${i}`))}));
		await created.close();
		const store = await SessionStore.open(dir, 'main', 'attach', {keepMessages: 10});
		const session = new ChatSession(store, new Link({endpoint: async () => new Promise<never>(() => undefined), policy: defaultLinkPolicy}));
		onCleanup(async () => session.close());
		const {lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} scrollback={8} />);
		expect(lastFrame()).toMatch(/── main · 50 message\(s\) · 4\d earlier not shown \(tether show main\) ──/);
		expect(lastFrame()).toContain('m49');
	});

	it('queues a message typed while the link is down, and says so', async () => {
		const session = await sessionWith([]);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		session.start();
		await typeLine(stdin, 'are you there?');
		await waitFor(() => lastFrame()?.includes('1 queued') ?? false, 'the status line counts the queued message');
		expect(lastFrame()).toMatch(/you · .* · queued/);
		expect(session.messages[0]).toMatchObject({text: 'are you there?', status: 'queued'});
	});

	it('gives a message back to edit, and says why, when it cannot be saved', async () => {
		const session = await sessionWith([]);
		session.send = async () => { throw new Error('ENOSPC: no space left on device'); };
		const {stdin, lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		await typeLine(stdin, 'keep me');
		await waitFor(() => lastFrame()?.includes('not saved, so not sent: ENOSPC') ?? false, 'the failure is shown');
		expect(lastFrame()).toMatch(/› keep me/);
	});

	it('streams a reply from the gateway into the transcript', async () => {
		const gateway = await testGateway({dataDir: await tempDir()});
		const session = await sessionWith([], () => gateway.url);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		session.start();
		await waitFor(() => lastFrame()?.includes('● connected') ?? false, 'connected');
		await typeLine(stdin, 'ping');
		await waitFor(() => lastFrame()?.includes('You said: “ping”') ?? false, 'the reply is shown');
	});

	it('opens the help with ? and closes it with Esc', async () => {
		const session = await sessionWith([]);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		stdin.write('?');
		await waitFor(() => lastFrame()?.includes('Esc closes') ?? false, 'the help opens');
		// It fits the screen and scrolls: Page Down until the commands show.
		await waitFor(() => {
			stdin.write('\u001B[6~');
			return lastFrame()?.includes('/retry') ?? false;
		}, 'the help lists commands');
		stdin.write('\u001B');
		await waitFor(() => !(lastFrame()?.includes('Esc closes') ?? true), 'the help closes');
	});

	it('asks for a second Ctrl+C before detaching', async () => {
		const session = await sessionWith([]);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		stdin.write('\u0003');
		await waitFor(() => lastFrame()?.includes('press Ctrl+C again to detach') ?? false, 'the hint shows');
	});

	it('clears the composer on Ctrl+C and keeps the text: Up brings it back', async () => {
		const session = await sessionWith([userMessage('sent before')]);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		stdin.write('half a thought');
		await waitFor(() => lastFrame()?.includes('› half a thought') ?? false, 'typed');
		stdin.write('\u0003');
		await waitFor(() => lastFrame()?.includes('cleared (Up brings it back) · Ctrl+C again to detach') ?? false, 'the hint shows');
		expect(lastFrame()).not.toContain('› half a thought');
		stdin.write('\u001B[A');
		await waitFor(() => lastFrame()?.includes('› half a thought') ?? false, 'Up brings it back');
		stdin.write('\u001B[A');
		await waitFor(() => lastFrame()?.includes('› sent before') ?? false, 'and the history before it');
		// Another key ends the window: the next Ctrl+C clears again, it does not detach.
		expect(lastFrame()).not.toContain('Ctrl+C again');
		stdin.write('\u0003');
		await waitFor(() => lastFrame()?.includes('cleared (Up brings it back) · Ctrl+C again to detach') ?? false, 'cleared again');
	});

	it('takes the Ctrl+C notice away when its window closes', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'Date']});
		try {
			const session = await sessionWith([]);
			const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
			stdin.write('\u0003');
			await vi.advanceTimersByTimeAsync(100);
			expect(lastFrame()).toContain('press Ctrl+C again to detach');
			await vi.advanceTimersByTimeAsync(1800);
			expect(lastFrame()).toContain('press Ctrl+C again to detach');
			// The window closes; the frame that follows (a frame later) no longer has the notice.
			await vi.advanceTimersByTimeAsync(300);
			await vi.waitFor(async () => {
				await vi.advanceTimersByTimeAsync(50);
				expect(lastFrame()).not.toContain('Ctrl+C again');
			});
		} finally {
			vi.useRealTimers();
		}
	});

	it('says Esc stops a reply when Ctrl+C is pressed while one is written', async () => {
		const session = await sessionWith([userMessage('go'), reply('run', 'still writing', {status: 'streaming'})]);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		stdin.write('\u0003');
		await waitFor(() => lastFrame()?.includes('Esc stops the reply · Ctrl+C again to detach') ?? false, 'the hint shows');
	});

	it('opens with the draft left unsent at the last detach, and saves what is left when it closes', async () => {
		const session = await sessionWith([]);
		const saved: string[] = [];
		const {lastFrame, stdin, unmount} = render(<App session={session} gateway="embedded" maxAttempts={10} draft={{initial: 'unsent words', save: text => saved.push(text)}} />);
		expect(lastFrame()).toContain('› unsent words');
		stdin.write(' and more');
		await waitFor(() => lastFrame()?.includes('› unsent words and more') ?? false, 'typed on');
		unmount();
		expect(saved).toEqual(['unsent words and more']);
	});

	it('takes a /status report away when the link it described changes', async () => {
		const session = await sessionWith([]);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		await typeLine(stdin, '/status');
		await waitFor(() => lastFrame()?.includes('embedded · idle · 0 drop(s)') ?? false, 'the report shows');
		session.start();
		await waitFor(() => !(lastFrame()?.includes('· idle ·') ?? true), 'the report goes once the link is connecting');
		expect(lastFrame()).toContain('◌ connecting');
	});

	it('sends a /word it does not own to the gateway as typed, as openclaw tui does', async () => {
		const session = await sessionWith([]);
		const {stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		for (const text of ['/think high', '/etc/hosts looks wrong, why?', '//status']) {
			await typeLine(stdin, text);
		}

		await waitFor(() => session.messages.length === 3, 'all three are queued');
		expect(session.messages.map(m => [m.role, m.text])).toEqual([
			['user', '/think high'],
			['user', '/etc/hosts looks wrong, why?'],
			['user', '/status'],
		]);
	});

	it('keeps its own commands local', async () => {
		const session = await sessionWith([]);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		await typeLine(stdin, '/help');
		await waitFor(() => lastFrame()?.includes('Esc closes') ?? false, 'the help shows');
		expect(session.messages).toHaveLength(0);
	});

	it('renders replies as markdown: lists, code and tables', async () => {
		const markdown = '# Plan\n\n- first\n- second\n\n```js\nconst x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |';
		const session = await sessionWith([reply('r', markdown)]);
		const {lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		expect(lastFrame()).toMatch(/\* first/);
		expect(lastFrame()).toContain('const x = 1;');
		expect(lastFrame()).toMatch(/│ a +│ b +│/);
		expect(lastFrame()).not.toContain('```');
	});

	it('hides and shows timestamps with Ctrl+T', async () => {
		const session = await sessionWith([userMessage('timed')]);
		const {lastFrame, stdin} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		stdin.write('\u0014');
		await waitFor(() => lastFrame()?.includes('timestamps hidden') ?? false, 'the toggle is confirmed');
	});

	it('never lets a hostile reply reach the terminal as escape sequences', async () => {
		const session = await sessionWith([reply('r', 'ok\u001B]0;pwned\u0007 \u001B[2Jdone\u001B]52;c;ZXZpbA==\u0007')]);
		const {lastFrame} = render(<App session={session} gateway="embedded" maxAttempts={10} />);
		expect(lastFrame()).toContain('ok done');
		expect(lastFrame()).not.toMatch(/\u001B\]|\u001B\[2J/);
	});
});
