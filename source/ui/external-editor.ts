/**
 * Ctrl+X Ctrl+E and `/edit`: the draft edited in the user's own editor, as a shell does it. The draft goes to
 * a private scratch file (store/scratch-file.ts), `$VISUAL`, else `$EDITOR`, else `vi` runs on it with the
 * terminal (the caller has handed it over: Ink suspended), and what it saved comes back. The command is run by `sh -c`, so an
 * `EDITOR="code --wait"` with arguments works.
 */
import {spawn} from 'node:child_process';
import {TetherError} from '../errors.js';
import {withScratchFile} from '../store/scratch-file.js';

/** The editor command: `$VISUAL`, then `$EDITOR`, then `vi`. */
export function editorCommand(env: NodeJS.ProcessEnv): string {
	return env.VISUAL || env.EDITOR || 'vi';
}

/**
 * The draft after editing; one trailing line break (every editor adds one) removed. Throws TetherError when
 * the editor cannot be started or exits non-zero (the draft is then left as it was).
 */
export async function editInEditor(draft: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const command = editorCommand(env);
	const edited = await withScratchFile(draft, async file => {
		const code = await new Promise<number | null>((resolve, reject) => {
			const child = spawn('/bin/sh', ['-c', `${command} "$1"`, 'sh', file], {stdio: 'inherit', env});
			child.once('error', reject);
			child.once('exit', resolve);
		}).catch((error: unknown) => {
			throw new TetherError(`could not start the editor ${command}: ${(error as Error).message}`);
		});
		if (code !== 0) {
			throw new TetherError(`the editor ${command} exited ${code ?? 'on a signal'}; the message is as it was`);
		}
	});
	return edited.replace(/\r?\n$/, '');
}
