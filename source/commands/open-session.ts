/** Opening a session interactively: the TUI when there is a terminal, a clear message when there is not. */
import {UsageError} from '../errors.js';
import {readSession, SessionStore, type OpenMode} from '../store/session-store.js';
import {attachMode} from './gateway-sessions.js';
import {validateSessionName} from '../store/names.js';
import type {Context} from './context.js';

export async function openSession(context: Context, name: string, mode: OpenMode, options: {detach?: boolean; at?: string} = {}): Promise<number> {
	validateSessionName(name);
	const {io} = context;
	const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY) && options.detach !== true;
	if (!interactive) {
		if (mode === 'attach') {
			await readSession(context.sessionsDir, name);
			throw new UsageError(`attaching needs a terminal; to read it use tether show ${name}, to write tether send ${name} MESSAGE`);
		}

		const store = await SessionStore.open(context.sessionsDir, name, mode);
		await store.close();
		io.stdout.write(`${store.file}\n`);
		return 0;
	}

	const {runTui} = await import('../ui/run.js');
	const open = mode === 'attach' ? await attachMode(context, name) : {mode};
	return runTui(context, name, {...open, ...(options.at && {at: options.at})});
}
