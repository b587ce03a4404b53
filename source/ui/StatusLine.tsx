/** The status line: the link's truth first, then what the run is doing, the session, gateway, queue and model. */
import {useSpinner} from '@inkjs/ui';
import {Box, Text, useWindowSize} from 'ink';
import type {LinkState} from '../connection/machine.js';
import {describeProgress, type RunProgress} from '../session/run-progress.js';
import type {ModelInfo} from '../session/model-info.js';
import {sanitizeLine} from '../text/sanitize.js';
import {linkStatus} from './link-status.js';
import {modelLabel} from './model-label.js';
import {useNow} from './use-session.js';

const toneColor = {good: 'green', warn: 'yellow', bad: 'red', quiet: 'gray'} as const;

/** Below this width the link's state is said in its fewest words (see linkStatus). */
const narrowColumns = 60;

export type StatusLineProps = {
	state: LinkState;
	latencyMs: number | undefined;
	maxAttempts: number;
	session: string;
	gateway: string;
	queued: number;
	/** A reply is being written (its words are on screen). */
	replying: boolean;
	/** What the run is doing, from its first moment (phases, retries, tools), while the link is up. */
	progress?: RunProgress | undefined;
	model?: ModelInfo;
	hint?: string;
};

export function StatusLine({state, latencyMs, maxAttempts, session, gateway, queued, replying, progress, model, hint}: StatusLineProps) {
	const busy = progress !== undefined || replying;
	const now = useNow(1000, state.kind === 'backoff' || busy, state);
	const {columns} = useWindowSize();
	const status = linkStatus(state, now, latencyMs, maxAttempts, columns < narrowColumns);
	// The gateway names the embedded agent's model already: `demo · embedded · offline echo`, not `demo · echo · embedded · offline echo`.
	const usage = model ? modelLabel(model, gateway) : '';
	return (
		<Box>
			<Box flexGrow={1} flexShrink={1}>
				<Text wrap="truncate-end">
					<Text color={toneColor[status.tone]}>
						{status.symbol} {sanitizeLine(status.text)}
					</Text>
					{/* What waits to be sent before why the link is down: a long reason is cut at the line's end, never the queue. */}
					{queued > 0 ? <Text color="yellow"> · {queued} queued</Text> : null}
					{busy && state.kind === 'open' ? <Working text={progress ? describeProgress(progress, now) : 'writing'} retrying={progress?.retry !== undefined} /> : null}
					{status.reason ? <Text dimColor> ({sanitizeLine(status.reason)})</Text> : null}
					{/* The gateway last: /status has it, and a narrow terminal cuts the line's end. */}
					<Text dimColor>
						{' · '}
						{sanitizeLine(session)}
						{model?.channel ? ` (also on ${sanitizeLine(model.channel)})` : ''}
						{usage ? ` · ${sanitizeLine(usage)}` : ''} · {sanitizeLine(gateway)}
					</Text>
				</Text>
			</Box>
			<Box marginLeft={1} flexShrink={0}>
				<Text dimColor>{hint ?? '? help'}</Text>
			</Box>
		</Box>
	);
}

function Working({text, retrying}: {text: string; retrying: boolean}) {
	const {frame} = useSpinner({type: 'dots'});
	return (
		<Text color={retrying ? 'yellow' : 'cyan'}>
			{' · '}
			{frame} {text} (Esc stops)
		</Text>
	);
}
