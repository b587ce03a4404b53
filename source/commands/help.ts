/**
 * Help text, from a table generated from the command modules (help-table.ts) so that `tether --help` and
 * `tether COMMAND --help` load none of them: they answer as fast as `--version`. test/help.test.ts checks that
 * the table is what the modules say, and rewrites it with UPDATE_HELP=1.
 */
import type {Command} from './command.js';
import {helpTable} from './help-table.js';
import {commandNames, type CommandName} from './command-names.js';

export const globalHelp = `Options for every command:
  --gateway URL        gateway to use (env TETHER_GATEWAY_URL, config gateway.url; default: the embedded gateway)
  --token TOKEN        gateway token (env OPENCLAW_GATEWAY_TOKEN, config gateway.token); never shown or saved in sessions
  --sessions-dir DIR   where session files live (env TETHER_SESSIONS_DIR)
  --data-dir DIR       the embedded gateway's data (env TETHER_GATEWAY_DIR)
  --insecure           allow a token over plaintext ws:// to a non-loopback host
  --tls-fingerprint SHA256  trust this self-signed wss:// certificate (config gateway.tls_fingerprint)
  -h, --help           help; -v, --version  the version`;

/** One command's own help (usage, summary, details, options), as the table keeps it. */
export function renderCommandHelp(command: Command): string {
	const options = Object.entries(command.options ?? {}).map(([name, spec]) => {
		const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ' VALUE' : ''}`;
		return `  ${flag.padEnd(20)} ${command.optionHelp?.[name] ?? ''}`;
	});
	return [
		`Usage: tether ${command.usage}`,
		'',
		`${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
		...(command.details ? ['', command.details] : []),
		...(options.length > 0 ? ['', 'Options:', ...options] : []),
	].join('\n');
}

export function commandHelp(name: CommandName): string {
	return `${helpTable[name].help}\n\n${globalHelp}`;
}

export function overview(): string {
	const width = Math.max(...commandNames.map(name => name.length)) + 2;
	return [
		'tether: terminal chat for AI-agent sessions that never loses a conversation',
		'',
		'Usage: tether [COMMAND] [options]      (no command: attach the session "main", creating it)',
		'',
		'Commands:',
		...commandNames.map(name => `  ${name.padEnd(width)}${helpTable[name].summary}`),
		'',
		globalHelp,
		'',
		'tether COMMAND --help tells more about one command.',
	].join('\n');
}
