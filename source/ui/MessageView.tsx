/** One transcript message: who, when, its status, and its text made safe for the terminal (replies as markdown). */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {Message} from '../session/message.js';
import {clock, roleColors, roleLabel, statusColor, statusLabel} from '../text/format.js';
import {renderMarkdown} from '../text/markdown.js';
import {sanitize} from '../text/sanitize.js';
import {streamingTail} from './transcript-items.js';

export type MessageViewProps = {
	message: Message;
	fresh: boolean;
	width: number;
	timestamps: boolean;
	/** While it streams, show only the end that fits in this many lines (the live area must fit the screen). */
	maxLines?: number;
};

export function MessageView({message, fresh, width, timestamps, maxLines}: MessageViewProps) {
	const status = statusLabel(message);
	const tail = useMemo(
		() => (maxLines !== undefined && message.status === 'streaming' ? streamingTail(message.text, maxLines, width) : {text: message.text, truncated: false}),
		[message.text, message.status, maxLines, width],
	);
	const body = useMemo(
		() => (message.role === 'assistant' ? renderMarkdown(tail.text, Math.max(20, width - 2)) : sanitize(tail.text)),
		[message.role, tail.text, width],
	);
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text>
				<Text bold color={roleColors[message.role]}>
					{roleLabel(message)}
				</Text>
				{timestamps ? <Text dimColor> · {clock(message.at)}</Text> : null}
				{status ? <Text color={statusColor(message)}> · {status}</Text> : null}
				{fresh ? <Text color="magenta"> · new</Text> : null}
			</Text>
			{tail.truncated ? <Text dimColor>  … (the start is above; all of it shows when the reply ends)</Text> : null}
			<Box paddingLeft={2}>
				<Text>{body || (message.status === 'streaming' ? '…' : ' ')}</Text>
			</Box>
		</Box>
	);
}

export function NoticeView({text}: {text: string}) {
	return (
		<Box marginTop={1}>
			<Text dimColor>── {sanitize(text)} ──</Text>
		</Box>
	);
}
