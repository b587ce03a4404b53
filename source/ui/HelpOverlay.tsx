/** Every key and slash command, one key (?) away, in a box that fits the screen and scrolls inside it. */
import {Box, Text} from 'ink';
import {helpFrameRows, helpTop} from './help-layout.js';

/** `lines` (see help-layout.ts) from `top`, in a box of at most `maxRows`. */
export function HelpOverlay({lines, maxRows, top}: {lines: readonly string[]; maxRows: number; top: number}) {
	const shown = Math.max(1, maxRows - helpFrameRows);
	const first = helpTop(top, lines.length, shown);
	const scrolls = lines.length > shown;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} marginTop={1}>
			{lines.slice(first, first + shown).map((line, index) => (
				// oxlint-disable-next-line react/no-array-index-key -- the key is the line's number in the help text, not its place in this view
				<Text key={first + index} wrap="truncate-end">
					{line}
				</Text>
			))}
			<Text dimColor wrap="truncate-end">
				{/* Where it is first: a narrow box cuts the keys' names, not the numbers. */}
				Esc closes{scrolls ? ` · ${first + 1}–${Math.min(lines.length, first + shown)} of ${lines.length} · ↑↓ PgUp PgDn` : ''}
			</Text>
		</Box>
	);
}
