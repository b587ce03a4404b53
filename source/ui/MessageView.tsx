/** One transcript message: who, when, its status, and its text made safe for the terminal (replies as markdown). */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {Message} from '../session/message.js';
import {clock, roleLabel, statusLabel} from '../text/format.js';
import {renderMarkdown} from '../text/markdown.js';
import {sanitize} from '../text/sanitize.js';

const roleColor = {user: 'cyan', assistant: 'green', custom: 'yellow'} as const;

export type MessageViewProps = {message: Message; fresh: boolean; width: number; timestamps: boolean};

export function MessageView({message, fresh, width, timestamps}: MessageViewProps) {
	const status = statusLabel(message);
	const body = useMemo(
		() => (message.role === 'assistant' ? renderMarkdown(message.text, Math.max(20, width - 2)) : sanitize(message.text)),
		[message.role, message.text, width],
	);
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text>
				<Text bold color={roleColor[message.role]}>
					{roleLabel(message)}
				</Text>
				{timestamps ? <Text dimColor> · {clock(message.at)}</Text> : null}
				{status ? <Text color={message.status === 'failed' || message.status === 'error' ? 'red' : 'yellow'}> · {status}</Text> : null}
				{fresh ? <Text color="magenta"> · new</Text> : null}
			</Text>
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
