/** Slash commands as data: /help and tab completion are generated from them (key bindings: keymap.ts). */
import type {ChatSession} from '../session/session.js';
import {formatDuration} from '../session/notices.js';
import {lastFailedTurn} from '../session/transcript.js';
import type {ApprovalDecision} from '../session/approvals.js';
import {describeAttachment} from '../session/attachment-file.js';
import {sessionKeyOf, splitSessionKey} from '../protocol/session-key.js';
import {validateSessionName} from '../store/names.js';
import {sanitizeLine} from '../text/sanitize.js';
import {snippet} from '../text/snippet.js';
import {fitColumns} from '../text/width.js';
import {writeExport} from '../store/export-file.js';
import {listSessionNames} from '../store/session-store.js';
import {exportMarkdown} from '../text/transcript.js';
import {copiedNotice, replyToCopy} from './clipboard.js';
import type {Leave} from './leave.js';
import type {RecallRun} from './recall-runner.js';

export type SlashContext = {
	session: ChatSession;
	gateway: string;
	sessionsDir: string;
	// Plain functions, not methods: commands take them out of the context (they need no `this`).
	quit: () => void;
	/** Leaves this session for another place (a session, the browser) without detaching. */
	leave: (intent: Leave) => void;
	/** Why a session cannot be opened, or undefined when it can. */
	cannotOpen: (name: string) => Promise<string | undefined>;
	/** Why a session cannot be opened here now: another terminal holds it (with the ways in), or undefined. */
	heldElsewhere: (name: string) => Promise<string | undefined>;
	showHelp: () => void;
	clearScreen: () => void;
	flash: (text: string) => void;
	/** Recall, in a process of its own (see recall-runner.ts). */
	recall: RecallRun;
	/** Puts text on the clipboard (OSC 52). */
	copyToClipboard: (text: string) => void;
	/** Opens the external editor on `draft`; what it saves becomes the composer's text. */
	editDraft: (draft: string) => void;
	/** A notice about the link as it is now: it goes when the link's state changes. */
	report: (text: string) => void;
};

export type SlashCommand = {name: string; args?: string; description: string; run(args: string, context: SlashContext): void | Promise<void>};

/** A session name argument, or a flash saying what is wrong with it. */
function nameArgument(args: string, usage: string, flash: (text: string) => void): string | undefined {
	const name = args.trim();
	if (name === '') {
		flash(`usage: ${usage}`);
		return undefined;
	}

	try {
		return validateSessionName(name);
	} catch (error) {
		flash((error as Error).message);
		return undefined;
	}
}

/** `"a path" rest` or `path rest`: the path a command names first, and the words after it. */
export function pathAndRest(args: string): {path: string; rest: string} | undefined {
	const quoted = /^(["'])(.+?)\1(?:\s+(.*))?$/s.exec(args);
	if (quoted) {
		return {path: quoted[2]!, rest: (quoted[3] ?? '').trim()};
	}

	const [path = '', ...rest] = args.split(/\s+/);
	return path === '' ? undefined : {path, rest: rest.join(' ')};
}

/** Answers the oldest approval waiting. */
async function answer(session: ChatSession, decision: ApprovalDecision, flash: (text: string) => void): Promise<void> {
	const [oldest] = session.approvals;
	if (!oldest) {
		flash('no command is waiting for approval');
		return;
	}

	await session.answerApproval(oldest.id, decision);
	flash(`${decision === 'deny' ? 'denied' : 'approved'}: ${oldest.command}`);
}

export const slashCommands: readonly SlashCommand[] = [
	{name: 'help', description: 'show keys and commands', run: (_, context) => context.showHelp()},
	{name: 'sessions', description: 'browse sessions (filter, preview, attach)', run: (_, context) => context.leave({kind: 'browse'})},
	{
		name: 'switch',
		args: 'NAME [-d|-r]',
		description: 'attach another session (-d takes it over from another terminal, -r watches it read-only)',
		async run(args, {leave, cannotOpen, heldElsewhere, flash}) {
			const words = args.trim().split(/\s+/);
			const how = words.includes('-d') || words.includes('--take-over') ? 'take-over' : (words.includes('-r') || words.includes('--read-only') ? 'read-only' : undefined);
			const name = nameArgument(words.filter(word => !word.startsWith('-')).join(' '), '/switch NAME [-d|-r]', flash);
			// A session open elsewhere is not opened (it would be refused): say so, stay here, and say how to take it.
			const problem = name === undefined ? 'invalid' : ((await cannotOpen(name)) ?? (how ? undefined : await heldElsewhere(name)));
			if (name !== undefined && problem !== undefined) {
				flash(problem);
			} else if (name !== undefined) {
				leave({kind: 'switch', name, create: false, ...(how && {how})});
			}
		},
	},
	{
		name: 'new',
		args: 'NAME',
		description: 'create a session and attach it',
		async run(args, {leave, sessionsDir, flash}) {
			const name = nameArgument(args, '/new NAME', flash);
			if (name !== undefined && (await listSessionNames(sessionsDir)).includes(name)) {
				flash(`session ${name} already exists; /switch ${name} opens it`);
			} else if (name !== undefined) {
				leave({kind: 'switch', name, create: true});
			}
		},
	},
	{
		name: 'rename',
		args: 'NEW',
		description: 'rename this session (it stays the same conversation on the gateway)',
		async run(args, {leave, sessionsDir, flash}) {
			const name = nameArgument(args, '/rename NEW', flash);
			if (name !== undefined && (await listSessionNames(sessionsDir)).includes(name)) {
				flash(`session ${name} already exists`);
			} else if (name !== undefined) {
				leave({kind: 'rename', to: name});
			}
		},
	},
	{
		name: 'export',
		description: 'write this session as Markdown to NAME-DATE.md here',
		async run(_, {session, flash}) {
			const now = new Date();
			flash(`exported to ${await writeExport(process.cwd(), session.name, exportMarkdown(await session.readWhole(), now), now)}`);
		},
	},
	{
		name: 'recall',
		args: 'QUERY',
		description: 'search every session; /switch NAME opens one',
		async run(args, {recall, flash}) {
			if (args.trim() === '') {
				flash('usage: /recall QUERY');
				return;
			}

			// Off the render path: typing goes on while a first query indexes, and its progress shows here.
			flash(`searching for ${args}…`);
			const hits = await recall(args, 5, line => flash(`indexing for /recall: ${line}`));
			const line = (hit: (typeof hits)[number]) => `${hit.session} · ${hit.at.slice(0, 16).replace('T', ' ')}: ${snippet(hit.text, hit.terms, match => match, 70)}`;
			flash(hits.length === 0 ? `nothing found for ${args}` : hits.map(line).join('\n'));
		},
	},
	{
		name: 'model',
		args: '[NAME]',
		description: "the gateway's models; /model NAME switches this session to one",
		async run(args, {session, flash}) {
			const wanted = args.trim();
			if (wanted !== '') {
				flash(`model set to ${await session.setModel(wanted)}`);
				return;
			}

			const current = session.model.model;
			const models = await session.models();
			const line = (model: (typeof models)[number]) => {
				const name = model.provider ? `${model.provider}/${model.id}` : model.id;
				return `${model.id === current ? '● ' : '  '}${name}${model.name && model.name !== model.id ? ` (${model.name})` : ''}`;
			};

			flash(models.length === 0 ? 'the gateway lists no models' : [...models.map(line), '/model NAME switches'].join('\n'));
		},
	},
	{
		name: 'agent',
		args: '[ID]',
		description: "the gateway's agents; /agent ID opens this session's name with that agent",
		async run(args, {session, leave, cannotOpen, flash}) {
			const wanted = args.trim();
			const {defaultId, ids} = await session.agents();
			const current = splitSessionKey(session.sessionKey)?.agentId ?? defaultId;
			if (wanted === '') {
				flash([...ids.map(id => `${id === current ? '● ' : '  '}${id}${id === defaultId ? ' (default)' : ''}`), '/agent ID switches'].join('\n'));
				return;
			}

			if (!ids.includes(wanted)) {
				flash(`no agent ${wanted}; the gateway has ${ids.join(', ')}`);
				return;
			}

			const name = sessionKeyOf(wanted, splitSessionKey(session.sessionKey)?.rest ?? session.name);
			leave({kind: 'switch', name, create: (await cannotOpen(name)) !== undefined});
		},
	},
	{
		name: 'attach',
		args: 'PATH [MESSAGE]',
		description: 'send a file (quote a path with spaces) with a message',
		async run(args, {session, flash}) {
			const parsed = pathAndRest(args.trim());
			if (!parsed) {
				flash('usage: /attach PATH [MESSAGE]');
				return;
			}

			const attachment = await describeAttachment(parsed.path, process.cwd(), session.maxAttachmentBytes);
			await session.send(parsed.rest || `(attached ${attachment.fileName})`, [attachment]);
		},
	},
	{
		name: 'approve',
		args: '[always]',
		description: 'let the agent run the command it asks to (always: from now on too)',
		async run(args, {session, flash}) {
			await answer(session, args.trim() === 'always' ? 'allow-always' : 'allow-once', flash);
		},
	},
	{name: 'deny', description: 'refuse the command the agent asks to run', run: async (_, {session, flash}) => answer(session, 'deny', flash)},
	{
		name: 'copy',
		args: '[N]',
		description: 'copy the last reply (or the Nth from the end)',
		run(args, {session, copyToClipboard, flash}) {
			const chosen = replyToCopy(session.messages, args);
			if ('problem' in chosen) {
				flash(chosen.problem);
				return;
			}

			copyToClipboard(chosen.message.text);
			flash(copiedNotice(chosen.message, Number(args.trim() || 1)));
		},
	},
	{name: 'edit', args: '[TEXT]', description: 'write the message in your editor', run: (args, {editDraft}) => editDraft(args)},
	{name: 'clear', description: 'clear the screen (the session file keeps everything)', run: (_, context) => context.clearScreen()},
	{
		name: 'retry',
		description: 'run the last turn again if its reply failed; re-send messages the gateway refused; reconnect now if the link is down',
		async run(_, {session, flash}) {
			const refused = session.messages.filter(m => m.role === 'user' && m.status === 'failed');
			for (const message of refused) {
				session.retry(message.id);
			}

			session.link.retryNow();
			const failed = refused.length === 0 ? lastFailedTurn(session.messages) : undefined;
			if (failed) {
				await session.rerun(failed.id);
				flash(fitColumns(`running it again: ${sanitizeLine(failed.text).replaceAll(/\s+/g, ' ')}`, 80));
				return;
			}

			flash(refused.length > 0 ? `re-sending ${refused.length} message(s)` : 'nothing to re-send');
		},
	},
	{
		name: 'status',
		description: 'link details: gateway, latency, drops this session, last error',
		run(_, {session, gateway, report}) {
			const drops = session.data.events.filter(event => event.type === 'disconnected');
			const state = session.link.state;
			const lastError = 'lastError' in state ? state.lastError : drops.at(-1)?.reason;
			const up = state.kind === 'open' ? `up for ${formatDuration(Date.now() - state.since)}` : state.kind;
			const latency = session.link.latencyMs === undefined ? '' : ` · ${session.link.latencyMs} ms`;
			report(`${gateway} · ${up}${latency} · ${drops.length} drop(s) in this session${lastError ? ` · last error: ${lastError}` : ''}`);
		},
	},
	{name: 'quit', description: 'detach (everything is saved; tether attach NAME to come back)', run: (_, context) => context.quit()},
];

/** Commands a read-only watcher may run: they leave, look or search, and change nothing in the session. */
const readOnlyCommands = new Set(['help', 'sessions', 'switch', 'new', 'recall', 'export', 'status', 'clear', 'quit']);

export function readOnlyCommand(command: SlashCommand): boolean {
	return readOnlyCommands.has(command.name);
}

/**
 * The local command `input` names, or undefined when it goes to the gateway as typed. The rule is
 * `openclaw tui`'s (dist/tui: handleCommand sends what it has no handler for): a message is a local command
 * only when its first word is one of ours; any other `/word` (the gateway's `/think`, `/model`, `/reset`…) and
 * text that merely starts with a slash (`/etc/hosts looks wrong`) are sent to the gateway, which answers its
 * own commands and hands the rest to the agent. A message of several lines is always a message, and `//word`
 * sends `/word` to the gateway even where Tether has a command of that name (see `gatewayText`).
 */
export function localCommand(input: string): {command: SlashCommand; args: string} | undefined {
	if (!input.startsWith('/') || input.startsWith('//') || input.includes('\n')) {
		return undefined;
	}

	const [word = '', ...rest] = input.slice(1).trim().split(/\s+/);
	const command = slashCommands.find(candidate => candidate.name === word);
	return command && {command, args: rest.join(' ')};
}

/** What is sent for a message that is not a local command: `//status` is the gateway's `/status`. */
export function gatewayText(input: string): string {
	return input.startsWith('//') ? input.slice(1) : input;
}

/** Local commands that hide a gateway command of the same name (reach it with `//name`). */
export function shadowedCommands(gatewayCommands: readonly string[]): string[] {
	return gatewayCommands.filter(name => slashCommands.some(command => command.name === name));
}

/** Completes `/pre` to the one command it names (ours or the gateway's), or to the longest common prefix of several. */
export function completeSlash(input: string, gatewayCommands: readonly string[] = []): string {
	if (!input.startsWith('/') || /\s/.test(input)) {
		return input;
	}

	const names = [...new Set([...slashCommands.map(command => command.name), ...gatewayCommands])];
	const matches = names.map(name => `/${name}`).filter(name => name.startsWith(input));
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
