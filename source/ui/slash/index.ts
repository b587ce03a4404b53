/**
 * The slash commands, one file each, in the order /help lists them; and how typed text finds one. The
 * dispatcher (App), /help (help-layout.ts) and Tab completion all read this list (key bindings: keymap.ts).
 */
import {agentCommand} from './agent.js';
import {approveCommand, denyCommand} from './approval.js';
import {attachCommand} from './attach.js';
import {clearCommand} from './clear.js';
import type {SlashCommand} from './command.js';
import {copyCommand} from './copy.js';
import {editCommand} from './edit.js';
import {exportCommand} from './export.js';
import {helpCommand} from './help.js';
import {modelCommand} from './model.js';
import {newCommand} from './new.js';
import {quitCommand} from './quit.js';
import {recallCommand} from './recall.js';
import {renameCommand} from './rename.js';
import {retryCommand} from './retry.js';
import {sessionsCommand} from './sessions.js';
import {statusCommand} from './status.js';
import {switchCommand} from './switch.js';

export type {SlashCommand, SlashContext} from './command.js';

export const slashCommands: readonly SlashCommand[] = [
	helpCommand,
	sessionsCommand,
	switchCommand,
	newCommand,
	renameCommand,
	exportCommand,
	recallCommand,
	modelCommand,
	agentCommand,
	attachCommand,
	approveCommand,
	denyCommand,
	copyCommand,
	editCommand,
	clearCommand,
	retryCommand,
	statusCommand,
	quitCommand,
];

/** Whether a read-only watcher may run `command`: it leaves, looks or searches, and changes nothing in the session. */
export function readOnlyCommand(command: SlashCommand): boolean {
	return command.readOnly === true;
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
