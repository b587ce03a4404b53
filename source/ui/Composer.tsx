/** The composer: renders the editor's text with a visible cursor, at most a few rows of it. Input handling lives in App. */
import {Box, Text} from 'ink';
import type {ComposerView} from './composer-layout.js';

export function Composer({view, empty, placeholder}: {view: ComposerView; empty: boolean; placeholder: string}) {
	if (empty) {
		return (
			<Box>
				<Text color="cyan">› </Text>
				<Text inverse> </Text>
				<Text dimColor wrap="truncate-end">
					{placeholder}
				</Text>
			</Box>
		);
	}

	const below = view.total - view.top - view.rows.length;
	return (
		<Box flexDirection="column">
			{view.rows.map((row, index) => (
				// oxlint-disable-next-line react/no-array-index-key -- the key is the row's number in the whole text, not its place in this view
				<Text key={view.top + index} wrap="truncate-end">
					<Text color="cyan">{view.top + index === 0 ? '› ' : '  '}</Text>
					{row.before}
					{row.under === undefined ? '' : <Text inverse>{row.under}</Text>}
					{row.after}
				</Text>
			))}
			{view.total > view.rows.length ? (
				<Text dimColor wrap="truncate-end">
					{'  '}
					{view.top > 0 ? `↑ ${view.top} more · ` : ''}row {view.cursorRow + 1} of {view.total}
					{below > 0 ? ` · ↓ ${below} more` : ''}
				</Text>
			) : null}
		</Box>
	);
}
