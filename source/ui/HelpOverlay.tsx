/** Every key and slash command, one key (?) away. */
import {Box, Text} from 'ink';
import {keyBindings, slashCommands} from './slash-commands.js';

export function HelpOverlay() {
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
			<Text dimColor>Esc or ? closes this help.</Text>
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
