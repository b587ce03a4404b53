/**
 * Slash commands the embedded gateway answers itself when they arrive as a chat message, without running the
 * agent, as a real gateway answers `/status` (FINDINGS (d)); `commands.list` lists them. Any other `/word` is an
 * ordinary message for the agent (FINDINGS (d): `/etc/hosts looks wrong` ran as a model turn).
 */
import type {AgentModel} from './agents.js';

/** What a command's answer may say. */
export type CommandContext = {version: string; model: AgentModel; sessionKey: string; messageCount: number};

type GatewayCommand = {name: string; description: string; answer(context: CommandContext): string};

const commands: GatewayCommand[] = [
	{
		name: 'help',
		description: 'Show available commands.',
		answer: () => ['Commands the gateway answers itself:', ...commands.map(command => `/${command.name} — ${command.description}`), 'Anything else goes to the agent.'].join('\n'),
	},
	{
		name: 'status',
		description: 'Show current status.',
		answer: ({version, model, sessionKey, messageCount}) =>
			[
				`🦞 Tether gateway ${version}`,
				`🧠 Model: ${model.provider}/${model.id}${model.host ? ` at ${model.host}` : (model.provider === 'tether' ? ' (offline echo)' : '')}`,
				`🧵 Session: ${sessionKey} • ${messageCount} ${messageCount === 1 ? 'message' : 'messages'}`,
			].join('\n'),
	},
];

/**
 * `commands.list` entries (FINDINGS (d), REC: `{name, nativeName, textAliases: ["/help"], description, category,
 * source: "native", scope: "both", acceptsArgs}`). These take no arguments: `/status x` goes to the agent.
 */
export function commandsList() {
	return {
		commands: commands.map(command => ({
			name: command.name,
			nativeName: command.name,
			textAliases: [`/${command.name}`],
			description: command.description,
			category: 'status',
			source: 'native',
			scope: 'both',
			acceptsArgs: false,
		})),
	};
}

/** The command a message is, exactly (surrounding space aside, the name in any case), or undefined. */
export function gatewayCommand(message: string): GatewayCommand | undefined {
	const name = /^\/([a-z]+)$/i.exec(message.trim())?.[1]?.toLowerCase();
	return commands.find(command => command.name === name);
}
