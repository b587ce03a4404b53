/** A slash command's context for unit tests: what the command flashed, where it left for, what it asked the TUI to do. */
import {Link} from '../../../source/connection/link.js';
import {defaultLinkPolicy} from '../../../source/connection/policy.js';
import type {Message} from '../../../source/model/message.js';
import type {SessionData} from '../../../source/model/session-data.js';
import {ChatSession} from '../../../source/session/session.js';
import {SessionStore} from '../../../source/store/session-store.js';
import type {Leave} from '../../../source/ui/leave.js';
import type {SlashContext} from '../../../source/ui/slash/index.js';
import {onCleanup, tempDir} from '../../helpers.js';

export type Heard = {
	context: SlashContext;
	/** Every flash, in order. */
	flashes: string[];
	reports: string[];
	left: Leave[];
	copied: string[];
	edited: string[];
	/** `help`, `clear` and `quit`, as the command asked for them. */
	asked: string[];
};

/** A context around `session` (a real one from `openSession`, or a stand-in with only what the command reads). */
export function slashContext(session: unknown, overrides: Partial<SlashContext> = {}): Heard {
	const heard: Omit<Heard, 'context'> = {flashes: [], reports: [], left: [], copied: [], edited: [], asked: []};
	const context: SlashContext = {
		session: session as ChatSession,
		gateway: 'ws://127.0.0.1:1',
		sessionsDir: '.',
		cwd: '.',
		quit: () => heard.asked.push('quit'),
		leave: intent => heard.left.push(intent),
		cannotOpen: async () => undefined,
		heldElsewhere: async () => undefined,
		showHelp: () => heard.asked.push('help'),
		clearScreen: () => heard.asked.push('clear'),
		flash: text => heard.flashes.push(text),
		recall: async () => ({found: [], damaged: []}),
		copyToClipboard: text => heard.copied.push(text),
		editDraft: text => heard.edited.push(text),
		report: text => heard.reports.push(text),
		...overrides,
	};
	return {context, ...heard};
}

/** A real session named `name` in a temp sessions dir, holding `messages`; its link never reaches a gateway. */
export async function openSession(messages: Message[] = [], {name = 'main', dir, events = []}: {name?: string; dir?: string; events?: SessionData['events']} = {}): Promise<ChatSession> {
	const store = await SessionStore.open(dir ?? (await tempDir()), name, 'attach-or-create');
	store.update(data => ({...data, messages, events}));
	const session = new ChatSession(store, new Link({endpoint: async () => new Promise<never>(() => undefined), policy: defaultLinkPolicy}));
	onCleanup(async () => session.close());
	return session;
}
