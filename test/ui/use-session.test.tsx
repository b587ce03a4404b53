/** The session and the clock as stores a render reads (useSyncExternalStore), never copies it keeps. */
import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {ChatSession} from '../../source/session/session.js';
import {useNow, useSession} from '../../source/ui/use-session.js';
import {openSession} from './slash/context.js';
import {userMessage} from '../builders.js';
import {waitFor} from '../helpers.js';

afterEach(cleanup);

function Count({session}: {session: ChatSession}) {
	useSession(session);
	return <Text>{session.messages.length} message(s)</Text>;
}

describe('useSession', () => {
	it('draws again when the session changes, and its snapshot stays the same between changes', async () => {
		const session = await openSession();
		const before = session.revision;
		expect(session.revision).toBe(before);
		const {lastFrame} = render(<Count session={session} />);
		expect(lastFrame()).toBe('0 message(s)');
		await session.send('hello');
		expect(session.revision).toBeGreaterThan(before);
		await waitFor(() => lastFrame() === '1 message(s)', 'the new message counted');
	});

	it("counts the link's state changes too", async () => {
		const session = await openSession([userMessage('a')]);
		const before = session.revision;
		session.start();
		await waitFor(() => session.link.state.kind !== 'idle', 'the link moves');
		expect(session.revision).toBeGreaterThan(before);
	});
});

function Clock({about}: {about: unknown}) {
	const now = useNow(1000, true, about);
	return <Text>{now}</Text>;
}

describe('useNow', () => {
	it('reads the time afresh when what it counts changes, and at each tick', async () => {
		vi.useFakeTimers({toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'], now: 1_000_000});
		try {
			const {lastFrame, rerender} = render(<Clock about="a" />);
			expect(lastFrame()).toBe('1000000');
			await vi.advanceTimersByTimeAsync(400);
			rerender(<Clock about="a" />);
			expect(lastFrame()).toBe('1000000');
			rerender(<Clock about="b" />);
			expect(lastFrame()).toBe('1000400');
			// The tick a second after the clock started.
			await vi.advanceTimersByTimeAsync(600);
			expect(lastFrame()).toBe('1001000');
		} finally {
			vi.useRealTimers();
		}
	});
});
