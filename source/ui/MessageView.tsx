/** One transcript message: who, when, its status, and its text made safe for the terminal. */
import {Box, Text} from 'ink';
import type {Message} from '../session/message.js';
import {clock, roleLabel, statusLabel} from '../text/format.js';
import {sanitize} from '../text/sanitize.js';

const roleColor = {user: 'cyan', assistant: 'green', custom: 'yellow'} as const;

export function MessageView({message, fresh}: {message: Message; fresh: boolean}) {
	const status = statusLabel(message);
	const body = sanitize(message.text);
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text>
				<Text bold color={roleColor[message.role]}>
					{roleLabel(message)}
				</Text>
				<Text dimColor>
					{' · '}
					{clock(message.at)}
				</Text>
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
