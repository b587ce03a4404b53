/** Exec approvals: what the agent asks to run, as the user is shown it. Pure. */
import type {ExecApprovalRequested} from '../protocol/payloads.js';

/** The decisions `exec.approval.resolve` takes (FINDINGS (f)). */
export type ApprovalDecision = 'allow-once' | 'allow-always' | 'deny';

export type Approval = {id: string; command: string; cwd?: string; warning?: string; expiresAtMs?: number};

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * The approval an event asks of this session, or undefined when it is another session's. The command is the
 * gateway's presentation of it when there is one (`presentation.commandText`), else the command or its argv.
 */
export function approvalFrom(event: ExecApprovalRequested, sessionKey: string): Approval | undefined {
	const {request} = event;
	const plan = record(request['systemRunPlan']);
	const presentation = record(request['presentation']);
	const forSession = text(request['sessionKey']) ?? text(plan['sessionKey']);
	if (forSession !== undefined && forSession !== sessionKey) {
		return undefined;
	}

	const argv = Array.isArray(request['commandArgv']) ? request['commandArgv'].filter(part => typeof part === 'string').join(' ') : undefined;
	const command = text(presentation['commandText']) ?? text(request['command']) ?? text(plan['commandText']) ?? text(argv) ?? '(a command)';
	const cwd = text(request['cwd']) ?? text(plan['cwd']);
	const warning = text(presentation['warningText']);
	return {id: event.id, command, ...(cwd && {cwd}), ...(warning && {warning}), ...(event.expiresAtMs !== undefined && {expiresAtMs: event.expiresAtMs})};
}
