/** A command the agent waits to run until the user answers, with how to answer and how long is left. */
import {Box, Text} from 'ink';
import type {Approval} from '../session/approvals.js';
import {sanitizeLine} from '../text/sanitize.js';
import {useNow} from './use-session.js';

export function ApprovalNotice({approval, columns}: {approval: Approval; columns: number}) {
	const now = useNow(1000, approval.expiresAtMs !== undefined, approval);
	const left = approval.expiresAtMs === undefined ? '' : ` · ${Math.max(0, Math.ceil((approval.expiresAtMs - now) / 1000))} s left`;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} marginTop={1} width={Math.min(columns, 100)}>
			<Text color="yellow" bold>
				The agent asks to run{approval.cwd ? ` (in ${sanitizeLine(approval.cwd)})` : ''}:
			</Text>
			<Text>{sanitizeLine(approval.command)}</Text>
			{approval.warning ? <Text color="red">{sanitizeLine(approval.warning)}</Text> : null}
			<Text dimColor>/approve · /approve always · /deny{left}</Text>
		</Box>
	);
}
