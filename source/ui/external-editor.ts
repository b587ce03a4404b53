/**
 * Ctrl+X Ctrl+E and `/edit`: the draft edited in the user's own editor, as a shell does it. The draft goes to
 * a private temp file, `$VISUAL`, else `$EDITOR`, else `vi` runs on it with the terminal (the caller has
 * handed it over: Ink suspended), and what it saved comes back. The command is run by `sh -c`, so an
 * `EDITOR="code --wait"` with arguments works.
 */
import {spawn} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {TetherError} from '../errors.js';

/** The editor command: `$VISUAL`, then `$EDITOR`, then `vi`. */
export function editorCommand(env: NodeJS.ProcessEnv): string {
	return env.VISUAL || env.EDITOR || 'vi';
}

/**
 * The draft after editing; one trailing line break (every editor adds one) removed. Throws TetherError when
 * the editor cannot be started or exits non-zero (the draft is then left as it was).
 */
export async function editInEditor(draft: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'tether-draft-'));
	const file = path.join(dir, 'message.md');
	try {
		await writeFile(file, draft, {mode: 0o600});
		const command = editorCommand(env);
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

		return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
