/** The status line: the link's truth first, then the session, gateway, queue and what is going on. */
import {useSpinner} from '@inkjs/ui';
import {Box, Text} from 'ink';
import type {LinkState} from '../connection/machine.js';
import {sanitizeLine} from '../text/sanitize.js';
import {linkStatus} from './link-status.js';
import {useNow} from './use-session.js';

const toneColor = {good: 'green', warn: 'yellow', bad: 'red', quiet: 'gray'} as const;

export type StatusLineProps = {
	state: LinkState;
	latencyMs: number | undefined;
	maxAttempts: number;
	session: string;
	gateway: string;
	queued: number;
	replying: boolean;
	hint?: string;
};

export function StatusLine({state, latencyMs, maxAttempts, session, gateway, queued, replying, hint}: StatusLineProps) {
	const now = useNow(1000, state.kind === 'backoff');
	const status = linkStatus(state, now, latencyMs, maxAttempts);
	return (
		<Box>
			<Box flexGrow={1} flexShrink={1}>
				<Text wrap="truncate-end">
					<Text color={toneColor[status.tone]}>
						{status.symbol} {sanitizeLine(status.text)}
					</Text>
					{status.reason ? <Text dimColor> ({sanitizeLine(status.reason)})</Text> : null}
					{queued > 0 ? <Text color="yellow"> · {queued} queued</Text> : null}
					{replying ? <Replying /> : null}
					<Text dimColor>
						{' · '}
						{sanitizeLine(session)} · {sanitizeLine(gateway)}
					</Text>
				</Text>
			</Box>
			<Box marginLeft={1} flexShrink={0}>
				<Text dimColor>{hint ?? '? help'}</Text>
			</Box>
		</Box>
	);
}

function Replying() {
	const {frame} = useSpinner({type: 'dots'});
	return <Text color="cyan"> · {frame} replying (Esc stops)</Text>;
}
