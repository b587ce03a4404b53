/** Every key and slash command, one key (?) away. */
import {Box, Text} from 'ink';
import type {GatewayCommand} from '../session/gateway-queries.js';
import {keyBindings, shadowedCommands, slashCommands} from './slash-commands.js';

export function HelpOverlay({gatewayCommands = []}: {gatewayCommands?: readonly GatewayCommand[]}) {
	const shadowed = shadowedCommands(gatewayCommands.map(command => command.name));
	const width = Math.min(30, Math.max(...keyBindings.map(([key]) => key.length), ...slashCommands.map(command => command.name.length + (command.args?.length ?? 0) + 2)) + 2);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} marginTop={1}>
			<Text bold>Keys</Text>
			{keyBindings.map(([key, what]) => (
				<Row key={key} width={width} name={key} what={what} />
			))}
			<Text bold>Commands</Text>
			{slashCommands.map(command => (
				<Row key={command.name} width={width} name={`/${command.name}${command.args ? ` ${command.args}` : ''}`} what={command.description} />
			))}
			<Text bold>The gateway's commands</Text>
			{/* Names only, wrapped: a real gateway lists dozens, and the help must still fit the screen. */}
			<Text color="cyan">{gatewayCommands.length > 0 ? gatewayCommands.map(command => `/${command.name}`).join('  ') : <Text dimColor>none listed by this gateway</Text>}</Text>
			{shadowed.length > 0 ? <Text dimColor>{shadowed.map(name => `//${name}`).join(' ')} reach the gateway's own {shadowed.map(name => `/${name}`).join(', ')}.</Text> : null}
			<Text dimColor>Any other /word (and text like /etc/hosts …) is sent to the gateway as typed. Esc or ? closes this help.</Text>
		</Box>
	);
}

function Row({width, name, what}: {width: number; name: string; what: string}) {
	return (
		<Box>
			<Box width={width} flexShrink={0}>
				<Text color="cyan">{name}</Text>
			</Box>
			<Box flexShrink={1}>
				<Text>{what}</Text>
			</Box>
		</Box>
	);
}
