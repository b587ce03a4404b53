/** `tether rm`, `restore`, `rename` and `archive`. */
import {createInterface} from 'node:readline/promises';
import {UsageError} from '../errors.js';
import {renameSession, restoreSession, setArchived, trashSession} from '../store/manage.js';
import {type Command, sessionName} from './command.js';
import type {Io} from './context.js';

/** The answer to a yes/no question: Ctrl+C and Ctrl+D are a no, told apart by the exit code they lead to. */
type Answer = 'yes' | 'no' | 'interrupted' | 'ended';

async function confirm(io: Io, question: string): Promise<Answer> {
	if (!io.stdin.isTTY) {
		throw new UsageError('rm asks for confirmation; pass --yes when there is no terminal');
	}

	const prompt = createInterface({input: io.stdin, output: io.stdout});
	try {
		return await new Promise<Answer>(resolve => {
			prompt.on('SIGINT', () => resolve('interrupted'));
			prompt.on('close', () => resolve('ended'));
			prompt.question(question).then(
				answer => resolve(/^y(es)?$/i.test(answer.trim()) ? 'yes' : 'no'),
				() => resolve('ended'),
			);
		});
	} finally {
		prompt.close();
	}
}

/** Exit codes of a "no": 130 for Ctrl+C, as a shell counts SIGINT; 1 otherwise. */
const keptCode: Record<Exclude<Answer, 'yes'>, number> = {no: 1, ended: 1, interrupted: 130};

export const rm: Command = {
	name: 'rm',
	summary: 'move a session to the trash (tether restore NAME brings it back)',
	usage: 'rm NAME [--yes]',
	details:
		'Only the local file is moved; the gateway keeps its own history, and a new session of the same name gets a conversation of its own. Every removed copy stays in the trash.',
	options: {yes: {type: 'boolean', short: 'y'}},
	optionHelp: {yes: 'do not ask for confirmation'},
	async run({positionals, values}, getContext) {
		const name = sessionName(positionals, this.usage);
		const context = getContext();
		const answer = values.yes === true ? 'yes' : await confirm(context.io, `move session ${name} to the trash? [y/N] `);
		if (answer !== 'yes') {
			// After ^C or ^D the cursor is still on the question's line.
			context.io.stdout.write(`${answer === 'no' ? '' : '\n'}kept ${name}\n`);
			return keptCode[answer];
		}

		await trashSession(context.sessionsDir, name);
		context.io.stdout.write(`moved ${name} to the trash; tether restore ${name} brings it back\n`);
		return 0;
	},
};

export const restore: Command = {
	name: 'restore',
	summary: 'bring a session back from the trash (the copy removed last; the others are listed)',
	usage: 'restore NAME',
	async run({positionals}, getContext) {
		const name = sessionName(positionals, this.usage);
		const context = getContext();
		const {restored, older} = await restoreSession(context.sessionsDir, name);
		const lines = [`restored ${name}, removed ${when(restored.removedAt)}`];
		if (older.length > 0) {
			lines.push(
				`${older.length} older ${older.length === 1 ? 'copy' : 'copies'} of ${name} ${older.length === 1 ? 'stays' : 'stay'} in the trash, removed ${older.map(copy => when(copy.removedAt)).join(', ')};`,
				`to bring back the next, rename this one (tether rename ${name} NEW) and restore again`,
			);
		}

		context.io.stdout.write(`${lines.join('\n')}\n`);
		return 0;
	},
};

/** A removal time as a user reads it: local date and time to the second. */
function when(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export const rename: Command = {
	name: 'rename',
	summary: 'rename a session (it stays the same conversation on the gateway)',
	usage: 'rename OLD NEW',
	async run({positionals}, getContext) {
		const [from, to] = positionals;
		if (from === undefined || to === undefined || positionals.length !== 2) {
			throw new UsageError(`expected the old and the new name; usage: tether ${this.usage}`);
		}

		const context = getContext();
		await renameSession(context.sessionsDir, from, to);
		context.io.stdout.write(`renamed ${from} to ${to}\n`);
		return 0;
	},
};

export const archive: Command = {
	name: 'archive',
	summary: 'hide a session from ls and the browser (--undo shows it again; ls --all shows all)',
	usage: 'archive NAME [--undo]',
	options: {undo: {type: 'boolean'}},
	optionHelp: {undo: 'unarchive'},
	async run({positionals, values}, getContext) {
		const name = sessionName(positionals, this.usage);
		const context = getContext();
		await setArchived(context.sessionsDir, name, values.undo !== true);
		context.io.stdout.write(values.undo === true ? `${name} is back in the list\n` : `archived ${name}; tether ls --all shows it\n`);
		return 0;
	},
};
