/**
 * `tether completion bash|zsh|fish`: a completion script for commands, their flags and session names: the
 * local ones and the gateway's as last listed (gateway-names.ts). The scripts are built from the help table (no
 * command module is loaded) and ask `tether completion --sessions` for the names as they complete, so they stay
 * current without a network call.
 */
import {UsageError} from '../errors.js';
import {nameOfFileStem, sessionFileStems} from '../store/file-names.js';
import {cachedGatewayNames} from '../store/gateway-names.js';
import {sanitizeLine} from '../text/sanitize.js';
import type {Command} from './command.js';
import {helpTable} from './help-table.js';
import {commandNames} from './command-names.js';

/** The flags every command takes; those before the command word that take a value. */
const globalFlags = ['--gateway', '--token', '--sessions-dir', '--data-dir', '--insecure', '--tls-fingerprint', '--help', '--version'];
const valueFlags = ['--gateway', '--token', '--sessions-dir', '--data-dir', '--tls-fingerprint'];
/** Commands whose first argument is a saved session's name. */
const takesSession = ['attach', 'send', 'show', 'export', 'stats', 'rename', 'archive', 'rm', 'recover'];
const shells = ['bash', 'zsh', 'fish'];

function bash(): string {
	const flagCases = commandNames.map(name => `\t\t${name}) flags="${helpTable[name].flags.join(' ')}" ;;`).join('\n');
	return `# tether completion for bash: add to ~/.bashrc
#   source <(tether completion bash)
_tether() {
	local cur=\${COMP_WORDS[COMP_CWORD]} cmd="" positionals=0 i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case \${COMP_WORDS[i]} in
		${valueFlags.join('|')}) ((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then cmd=\${COMP_WORDS[i]}; else ((positionals++)); fi
			;;
		esac
	done

	local flags="" words=""
	case $cmd in
${flagCases}
	esac
	if [[ $cur == -* ]]; then
		words="$flags ${globalFlags.join(' ')}"
	elif [[ -z $cmd ]]; then
		words="${commandNames.join(' ')} help"
	elif ((positionals == 0)); then
		case $cmd in
		${takesSession.join('|')}) words=$(tether completion --sessions 2>/dev/null) ;;
		completion) words="${shells.join(' ')}" ;;
		help) words="${commandNames.join(' ')}" ;;
		session) words="create attach" ;;
		esac
	elif [[ $cmd == session && \${COMP_WORDS[COMP_CWORD-1]} == attach ]]; then
		words=$(tether completion --sessions 2>/dev/null)
	fi
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _tether tether
`;
}

function zsh(): string {
	return `# tether completion for zsh: add to ~/.zshrc
#   source <(tether completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash().split('\n').slice(2).join('\n')}`;
}

function fish(): string {
	const quote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
	const lines = ['# tether completion for fish: tether completion fish > ~/.config/fish/completions/tether.fish', 'complete -c tether -f'];
	for (const name of commandNames) {
		lines.push(`complete -c tether -n __fish_use_subcommand -a ${name} -d ${quote(helpTable[name].summary)}`);
	}

	for (const flag of globalFlags) {
		lines.push(`complete -c tether -l ${flag.slice(2)}${valueFlags.includes(flag) ? ' -r' : ''}`);
	}

	for (const name of commandNames) {
		for (const flag of helpTable[name].flags.filter(flag => flag.startsWith('--'))) {
			lines.push(`complete -c tether -n '__fish_seen_subcommand_from ${name}' -l ${flag.slice(2)}`);
		}
	}

	lines.push(
		`complete -c tether -n '__fish_seen_subcommand_from ${takesSession.join(' ')}' -a '(tether completion --sessions 2>/dev/null)'`,
		`complete -c tether -n '__fish_seen_subcommand_from completion' -a '${shells.join(' ')}'`,
	);
	return `${lines.join('\n')}\n`;
}

export const completion: Command = {
	name: 'completion',
	summary: 'print a shell completion script for bash, zsh or fish',
	usage: 'completion bash|zsh|fish',
	details: 'Completes commands, their flags and session names: those saved here, and the gateway\'s as tether ls last listed them (no network call while you press Tab). bash: source <(tether completion bash) in ~/.bashrc; zsh: source <(tether completion zsh) in ~/.zshrc; fish: tether completion fish > ~/.config/fish/completions/tether.fish',
	options: {sessions: {type: 'boolean'}},
	optionHelp: {sessions: 'print the session names, one a line: those saved here and the gateway\'s last listed (what the scripts ask)'},
	async run({positionals, values}, getContext) {
		const {stdout} = getContext().io;
		if (values.sessions === true) {
			const {sessionsDir, gatewayLabel} = getContext();
			const local = (await sessionFileStems(sessionsDir)).map(stem => nameOfFileStem(stem));
			// The gateway's as `ls` (or attach, show) last listed them: a Tab press never waits on the network.
			const names = new Set([...local, ...(await cachedGatewayNames(sessionsDir, gatewayLabel))]);
			stdout.write([...names].map(name => `${name}\n`).join(''));
			return 0;
		}

		const shell = positionals[0];
		if (positionals.length !== 1 || shell === undefined || !shells.includes(shell)) {
			throw new UsageError(`${shell === undefined ? 'which shell?' : `no completion for ${sanitizeLine(shell)}`}; usage: tether ${this.usage}`);
		}

		stdout.write(shell === 'bash' ? bash() : (shell === 'zsh' ? zsh() : fish()));
		return 0;
	},
};
