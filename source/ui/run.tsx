/** Runs the TUI on one session until the user detaches; the file is flushed on every way out. */
import {render} from 'ink';
import type {Context} from '../commands/context.js';
import {Link} from '../connection/link.js';
import {ChatSession} from '../session/session.js';
import {SessionStore, type OpenMode} from '../store/session-store.js';
import {App} from './App.js';

export type TuiOpen = {mode: OpenMode; sessionKey?: string; at?: string};

export async function runTui(context: Context, name: string, open: TuiOpen): Promise<number> {
	const store = await SessionStore.open(context.sessionsDir, name, open.mode, {...(open.sessionKey && {sessionKey: open.sessionKey})});
	const link = new Link({endpoint: context.endpoint, policy: context.policy});
	const session = new ChatSession(store, link);
	const instance = render(<App session={session} gateway={context.gatewayLabel} maxAttempts={context.policy.maxAttempts} {...(open.at && {at: open.at})} />, {
		exitOnCtrlC: false,
		maxFps: 30,
		patchConsole: false,
	});
	// The saved transcript is on screen before the link even starts.
	session.start();

	const wake = () => link.wake();
	// Save first: on SIGHUP the terminal is already gone and the next frame may fail to write.
	const detach = () => void session.close().finally(() => instance.unmount());
	process.on('SIGCONT', wake);
	// A terminal that went away (EIO, EPIPE) means detach; the listeners stay until exit, as late frames may still fail.
	context.io.stdout.on('error', detach);
	context.io.stdin.on('error', detach);
	process.once('SIGTERM', detach);
	process.once('SIGHUP', detach);
	process.once('SIGINT', detach);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGCONT', wake);
		process.off('SIGTERM', detach);
		process.off('SIGHUP', detach);
		process.off('SIGINT', detach);
		await session.close();
	}

	context.io.stdout.write(`detached from ${name}; tether attach ${name} to come back\n`);
	return 0;
}
