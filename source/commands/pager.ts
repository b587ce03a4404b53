/** A long text on a terminal goes through the user's pager, as git does: `$TETHER_PAGER`, `$PAGER`, or less. */
import {spawn} from 'node:child_process';

/**
 * Shows `text` through the pager and resolves once it is closed; false if there is no pager to use (set to
 * `cat` or empty, or not found), and the caller prints the text itself.
 */
export async function page(text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
	const command = (env.TETHER_PAGER ?? env.PAGER ?? 'less').trim();
	if (command === '' || command === 'cat') {
		return false;
	}

	// less as git runs it: quit if the text fits, keep colours, leave the screen as it was.
	const child = spawn(command, {shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: {LESS: 'FRX', LV: '-c', ...env}});
	// A pager quit before reading everything closes its end: that is no error.
	child.stdin.on('error', () => undefined);
	child.stdin.end(text);
	// Ctrl+C is the pager's (less stops a search with it); tether waits for the pager to end, as git does.
	const ignore = () => undefined;
	process.on('SIGINT', ignore);
	const code = await new Promise<number | null>(resolve => {
		child.on('error', () => resolve(127));
		child.on('close', resolve);
	}).finally(() => process.off('SIGINT', ignore));
	// 127: the shell found no such command; the text is printed instead.
	return code !== 127;
}
