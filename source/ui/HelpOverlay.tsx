/** Every key and slash command, one key (?) away. */
import {Box, Text} from 'ink';
import {keyBindings, slashCommands} from './slash-commands.js';

export function HelpOverlay() {
	const width = Math.max(...keyBindings.map(([key]) => key.length), ...slashCommands.map(command => command.name.length + 1)) + 2;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} marginTop={1}>
			<Text bold>Keys</Text>
			{keyBindings.map(([key, what]) => (
				<Text key={key}>
					<Text color="cyan">{key.padEnd(width)}</Text>
					{what}
				</Text>
			))}
			<Text bold>Commands</Text>
			{slashCommands.map(command => (
				<Text key={command.name}>
					<Text color="cyan">{`/${command.name}`.padEnd(width)}</Text>
					{command.description}
				</Text>
			))}
			<Text dimColor>Esc or ? closes this help.</Text>
		</Box>
	);
}
