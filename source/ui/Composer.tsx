/** The composer: renders the editor's text with a visible cursor. Input handling lives in App. */
import {Box, Text} from 'ink';
import type {EditorState} from './editor.js';

export function Composer({editor, placeholder}: {editor: EditorState; placeholder: string}) {
	const {value, cursor} = editor;
	if (value === '') {
		return (
			<Box>
				<Text color="cyan">› </Text>
				<Text inverse> </Text>
				<Text dimColor>{placeholder}</Text>
			</Box>
		);
	}

	const under = value[cursor];
	return (
		<Box>
			<Text color="cyan">› </Text>
			<Text>
				{value.slice(0, cursor)}
				<Text inverse>{under === undefined || under === '\n' ? ' ' : under}</Text>
				{under === '\n' ? '\n' : ''}
				{value.slice(cursor + 1)}
			</Text>
		</Box>
	);
}
