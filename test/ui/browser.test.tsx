import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import type {Message} from '../../source/model/message.js';
import type {SessionSummary} from '../../source/store/catalog.js';
import {browserReducer, fuzzyMatch, initialBrowser, visibleSessions} from '../../source/ui/browser-state.js';
import {SessionBrowser, type BrowserActions} from '../../source/ui/SessionBrowser.js';
import {reply, userMessage} from '../builders.js';
import {waitFor} from '../helpers.js';

const summary = (name: string, overrides: Partial<SessionSummary> = {}): SessionSummary => ({
	name,
	messages: 2,
	lastActivity: '2026-11-24T10:00:00.000Z',
	preview: `last words of ${name}`,
	archived: false,
	...overrides,
});

const sessions = [summary('phnx-main'), summary('deploy'), summary('notes', {damaged: 'damaged: tether recover notes'})];

function actions(overrides: Partial<BrowserActions> = {}): BrowserActions {
	return {
		searchContent: () => new Set(),
		preview: async (name): Promise<Message[]> => [userMessage(`question in ${name}`), reply(`r-${name}`, `answer in ${name}`)],
		attach: vi.fn(),
		heldBy: async () => undefined,
		rename: vi.fn(async () => undefined),
		archive: vi.fn(async () => undefined),
		remove: vi.fn(async () => undefined),
		exportTo: vi.fn(async (name: string) => `/tmp/${name}.md`),
		reload: async () => sessions,
		...overrides,
	};
}

const settle = async () => new Promise(resolve => setTimeout(resolve, 30));

describe('browser filtering', () => {
	it('matches names fuzzily, fzf style', () => {
		expect(fuzzyMatch('pxmn', 'phnx-main')).toBe(true);
		expect(fuzzyMatch('xp', 'phnx-main')).toBe(false);
	});

	it('also shows sessions whose content matched', () => {
		expect(visibleSessions(sessions, 'kubernetes', new Set(['deploy'])).map(s => s.name)).toEqual(['deploy']);
		expect(visibleSessions(sessions, '', new Set()).map(s => s.name)).toEqual(['phnx-main', 'deploy', 'notes']);
	});
});

describe('the session browser', () => {
	it('lists sessions with a preview of the highlighted one, and says which are damaged', async () => {
		const {lastFrame} = render(<SessionBrowser sessions={sessions} actions={actions()} />);
		await waitFor(() => lastFrame()?.includes('answer in phnx-main') ?? false, 'the preview loads');
		expect(lastFrame()).toContain('deploy');
		expect(lastFrame()).toContain('3/3');
	});

	it('filters as you type and moves with the arrows, the preview following', async () => {
		const {lastFrame, stdin} = render(<SessionBrowser sessions={sessions} actions={actions()} />);
		await settle();
		stdin.write('o');
		await waitFor(() => lastFrame()?.includes('2/3') ?? false, 'the filter applies');
		stdin.write('\u001B[B');
		await waitFor(() => lastFrame()?.includes('damaged: tether recover notes') ?? false, 'the second match is highlighted');
	});

	it('filters by what follows a / typed in one read, as typed slowly', async () => {
		const {lastFrame, stdin} = render(<SessionBrowser sessions={sessions} actions={actions()} />);
		await settle();
		stdin.write('/dp');
		await waitFor(() => lastFrame()?.includes('1/3') ?? false, 'the filter applies');
		expect(lastFrame()).toContain('deploy');
		expect(lastFrame()).not.toContain('/dp');
		expect(browserReducer(initialBrowser, {type: 'type', text: '/kt'}).filter).toBe('kt');
	});

	it('attaches the highlighted session on Enter', async () => {
		const browser = actions();
		const {stdin} = render(<SessionBrowser sessions={sessions} actions={browser} />);
		await settle();
		stdin.write('\u001B[B');
		await settle();
		stdin.write('\r');
		await waitFor(() => (browser.attach as ReturnType<typeof vi.fn>).mock.calls.length === 1, 'attach is called');
		expect(browser.attach).toHaveBeenCalledWith('deploy');
	});

	it('stays on Enter on a session open in another terminal, and offers to take it over or watch it', async () => {
		const browser = actions({heldBy: async name => (name === 'deploy' ? 4242 : undefined)});
		const {lastFrame, stdin} = render(<SessionBrowser sessions={sessions} actions={browser} />);
		await settle();
		stdin.write('\u001B[B');
		await settle();
		stdin.write('\r');
		await waitFor(() => lastFrame()?.includes('deploy is open in another terminal (pid 4242): t takes it over') ?? false, 'the notice shows');
		stdin.write('x');
		await waitFor(() => lastFrame()?.includes('left deploy to the other terminal') ?? false, 'it stays');
		expect(browser.attach).not.toHaveBeenCalled();
		stdin.write('\r');
		await waitFor(() => lastFrame()?.includes('t takes it over') ?? false, 'the notice shows again');
		stdin.write('t');
		await waitFor(() => (browser.attach as ReturnType<typeof vi.fn>).mock.calls.length === 1, 'attach is called');
		expect(browser.attach).toHaveBeenCalledWith('deploy', 'take-over');
	});

	it('deletes only after a confirmation', async () => {
		const browser = actions();
		const {lastFrame, stdin} = render(<SessionBrowser sessions={sessions} actions={browser} />);
		await settle();
		stdin.write('\u0004'); // Ctrl+D
		await waitFor(() => lastFrame()?.includes('move phnx-main to the trash? y/N') ?? false, 'it asks');
		stdin.write('n');
		await waitFor(() => lastFrame()?.includes('kept') ?? false, 'it keeps the session');
		expect(browser.remove).not.toHaveBeenCalled();
		stdin.write('\u0004');
		await settle();
		stdin.write('y');
		await waitFor(() => lastFrame()?.includes('moved phnx-main to the trash') ?? false, 'it deletes');
		expect(browser.remove).toHaveBeenCalledWith('phnx-main');
	});

	it('renames, archives and exports the highlighted session', async () => {
		const browser = actions();
		const {lastFrame, stdin} = render(<SessionBrowser sessions={sessions} actions={browser} />);
		await settle();
		stdin.write('\u0012'); // Ctrl+R
		await settle();
		stdin.write('phnx');
		await settle();
		stdin.write('\r');
		await waitFor(() => lastFrame()?.includes('renamed phnx-main to phnx') ?? false, 'renamed');
		stdin.write('\u0001'); // Ctrl+A
		await waitFor(() => (browser.archive as ReturnType<typeof vi.fn>).mock.calls.length === 1, 'archived');
		stdin.write('\u0005'); // Ctrl+E
		await waitFor(() => lastFrame()?.includes('exported phnx-main to /tmp/phnx-main.md') ?? false, 'exported');
	});

	it('takes every letter typed as the filter, those of its actions too', async () => {
		const browser = actions();
		const {lastFrame, stdin} = render(<SessionBrowser sessions={sessions} actions={browser} />);
		await settle();
		for (const letter of 'rade') {
			stdin.write(letter);
			await settle();
		}

		await waitFor(() => lastFrame()?.includes('filter › rade') ?? false, 'the filter');
		expect(browser.archive).not.toHaveBeenCalled();
		expect(browser.remove).not.toHaveBeenCalled();
		// No name holds a ?: it is the help, filter or not.
		stdin.write('?');
		await waitFor(() => lastFrame()?.includes('delete (to the trash') ?? false, 'the help shows');
	});

	it('shows its keys on ?', async () => {
		const {lastFrame, stdin} = render(<SessionBrowser sessions={sessions} actions={actions()} />);
		await settle();
		stdin.write('?');
		await waitFor(() => lastFrame()?.includes('delete (to the trash') ?? false, 'the help shows');
	});
});
