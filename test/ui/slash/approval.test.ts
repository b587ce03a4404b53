import {describe, expect, it} from 'vitest';
import type {ApprovalDecision} from '../../../source/session/approvals.js';
import {approveCommand, denyCommand} from '../../../source/ui/slash/approval.js';
import {slashContext} from './context.js';

function asking(...commands: string[]) {
	const answers: Array<[string, ApprovalDecision]> = [];
	return {
		answers,
		session: {
			approvals: commands.map((command, index) => ({id: `a${index}`, command})),
			answerApproval: async (id: string, decision: ApprovalDecision) => {
				answers.push([id, decision]);
			},
		},
	};
}

describe('/approve and /deny', () => {
	it('answer the oldest command waiting, and say which', async () => {
		const {session, answers} = asking('rm -rf build', 'ls');
		const heard = slashContext(session);
		await approveCommand.run('', heard.context);
		await approveCommand.run('always', heard.context);
		await denyCommand.run('', heard.context);
		expect(answers).toEqual([
			['a0', 'allow-once'],
			['a0', 'allow-always'],
			['a0', 'deny'],
		]);
		expect(heard.flashes).toEqual(['approved: rm -rf build', 'approved: rm -rf build', 'denied: rm -rf build']);
	});

	it('say so when nothing waits', async () => {
		const heard = slashContext(asking().session);
		await approveCommand.run('', heard.context);
		await denyCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['no command is waiting for approval', 'no command is waiting for approval']);
	});

	it('/approve with another word than always gives its usage and approves nothing', async () => {
		const {session, answers} = asking('rm -rf build');
		const heard = slashContext(session);
		await approveCommand.run('forever', heard.context);
		expect(heard.flashes).toEqual(['usage: /approve [always]; not forever']);
		expect(answers).toEqual([]);
	});
});
