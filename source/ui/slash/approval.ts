/** /approve and /deny: the answer to the oldest command the agent asks to run. */
import type {ApprovalDecision} from '../../session/approvals.js';
import type {SlashCommand, SlashContext} from './command.js';

async function answer({session, flash}: SlashContext, decision: ApprovalDecision): Promise<void> {
	const [oldest] = session.approvals;
	if (!oldest) {
		flash('no command is waiting for approval');
		return;
	}

	await session.answerApproval(oldest.id, decision);
	flash(`${decision === 'deny' ? 'denied' : 'approved'}: ${oldest.command}`);
}

export const approveCommand: SlashCommand = {
	name: 'approve',
	args: '[always]',
	description: 'let the agent run the command it asks to (always: from now on too)',
	async run(args, context) {
		const wanted = args.trim();
		if (wanted !== '' && wanted !== 'always') {
			context.flash(`usage: /approve [always]; not ${wanted}`);
			return;
		}

		await answer(context, wanted === 'always' ? 'allow-always' : 'allow-once');
	},
};

export const denyCommand: SlashCommand = {name: 'deny', description: 'refuse the command the agent asks to run', run: async (_, context) => answer(context, 'deny')};
