/** Slash commands and key bindings as data: /help and tab completion are generated from them. */
import type {ChatSession} from '../session/session.js';
import {formatDuration} from '../session/session.js';

export type SlashContext = {session: ChatSession; gateway: string; quit(): void; showHelp(): void; flash(text: string): void};

export type SlashCommand = {name: string; description: string; run(args: string, context: SlashContext): void};

export const slashCommands: readonly SlashCommand[] = [
	{name: 'help', description: 'show keys and commands', run: (_, context) => context.showHelp()},
	{
		name: 'retry',
		description: 're-send messages the gateway refused, and reconnect now if the link is down',
		run(_, {session, flash}) {
			const refused = session.messages.filter(m => m.role === 'user' && m.status === 'failed');
			for (const message of refused) {
				session.retry(message.id);
			}

			session.link.retryNow();
			flash(refused.length > 0 ? `re-sending ${refused.length} message(s)` : 'nothing to re-send');
		},
	},
	{
		name: 'status',
		description: 'link details: gateway, latency, drops this session, last error',
		run(_, {session, gateway, flash}) {
			const drops = session.data.events.filter(event => event.type === 'disconnected');
			const state = session.link.state;
			const lastError = 'lastError' in state ? state.lastError : drops.at(-1)?.reason;
			const up = state.kind === 'open' ? `up for ${formatDuration(Date.now() - state.since)}` : state.kind;
			const latency = session.link.latencyMs === undefined ? '' : ` · ${session.link.latencyMs} ms`;
			flash(`${gateway} · ${up}${latency} · ${drops.length} drop(s) in this session${lastError ? ` · last error: ${lastError}` : ''}`);
		},
	},
	{name: 'quit', description: 'detach (everything is saved; tether attach NAME to come back)', run: (_, context) => context.quit()},
];

export const keyBindings: ReadonlyArray<readonly [string, string]> = [
	['Enter', 'send'],
	['Alt+Enter, Ctrl+J, or a line ending in \\', 'new line'],
	['Up / Down', 'earlier messages you sent'],
	['Ctrl+A / Ctrl+E', 'start / end of line'],
	['Ctrl+U / Ctrl+K / Ctrl+W', 'delete to start / to end / a word'],
	['Tab', 'complete a /command'],
	['Esc', 'stop the reply being written'],
	['r (empty composer, offline)', 'reconnect now'],
	['? (empty composer)', 'this help'],
	['Ctrl+C twice, Ctrl+D, /quit', 'detach'],
];

export type SlashParse = {command: SlashCommand; args: string} | {error: string};

export function parseSlash(input: string): SlashParse {
	const [word = '', ...rest] = input.slice(1).trim().split(/\s+/);
	const command = slashCommands.find(candidate => candidate.name === word);
	if (!command) {
		const known = slashCommands.map(candidate => `/${candidate.name}`).join(' ');
		return {error: `unknown command /${word}; try ${known}`};
	}

	return {command, args: rest.join(' ')};
}

/** Completes `/pre` to the one command it names, or to the longest common prefix of several. */
export function completeSlash(input: string): string {
	if (!input.startsWith('/') || /\s/.test(input)) {
		return input;
	}

	const matches = slashCommands.map(command => `/${command.name}`).filter(name => name.startsWith(input));
	if (matches.length === 1) {
		return `${matches[0]} `;
	}

	let prefix = matches[0] ?? input;
	for (const match of matches) {
		while (!match.startsWith(prefix)) {
			prefix = prefix.slice(0, -1);
		}
	}

	return prefix.length > input.length ? prefix : input;
}
