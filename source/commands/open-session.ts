/** Opening a session interactively: the TUI when there is a terminal, a clear message when there is not. */
import {access} from 'node:fs/promises';
import path from 'node:path';
import {UsageError} from '../errors.js';
import {fileStemOf} from '../store/file-names.js';
import type {OpenMode} from '../store/session-store.js';
import {validateSessionName} from '../store/names.js';
import type {Context} from './context.js';

export type OpenOptions = {
	/** `create -d`: create the file only. */
	detach?: boolean;
	at?: string;
	/** `attach -d`: the terminal holding the session saves and detaches first (store/takeover.ts). */
	takeOver?: boolean;
	/** `attach --read-only`: watch without the lock, writing nothing. */
	readOnly?: boolean;
};

export async function openSession(context: Context, name: string, mode: OpenMode, options: OpenOptions = {}): Promise<number> {
	validateSessionName(name);
	const {io} = context;
	if (options.takeOver && options.readOnly) {
		throw new UsageError('--take-over (-d) and --read-only ask for opposite things; pass one');
	}

	const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY) && options.detach !== true;
	if (!interactive && (options.takeOver || options.readOnly)) {
		throw new UsageError(`attaching needs a terminal; to read it use tether show ${name}`);
	}

	if (!interactive) {
		const {readSession, SessionStore} = await import('../store/session-store.js');
		if (mode === 'attach') {
			await readSession(context.sessionsDir, name);
			throw new UsageError(`attaching needs a terminal; to read it use tether show ${name}, to write tether send ${name} MESSAGE`);
		}

		const store = await SessionStore.open(context.sessionsDir, name, mode);
		await store.close();
		io.stdout.write(`${store.file}\n`);
		return 0;
	}

	const file = path.join(context.sessionsDir, `${fileStemOf(name)}.json`);
	// Before the first screen, which is printed only for a session no one else holds.
	const tookFrom = options.takeOver ? await (await import('../store/takeover.js')).takeOver(file, name) : undefined;
	const [{favourMemoryOverSpeed}, {printFirstScreen, printNewSession}] = await Promise.all([import('../lean-heap.js'), import('../ui/first-screen.js')]);
	// A saved session's transcript, or a new session's empty frame, is on screen before the TUI has even loaded.
	const screen = {columns: io.stdout.columns ?? 80, rows: io.stdout.rows ?? 24, write: (text: string) => io.stdout.write(text), details: context.values['tui.details'] === true, gateway: context.gatewayLabel};
	const isNew = mode !== 'attach' && options.at === undefined && (await access(file).then(() => false, () => true));
	const firstScreen = isNew ? printNewSession(name, screen) : (mode === 'create' || options.at ? undefined : await printFirstScreen(file, name, screen, options.readOnly));
	// After the first screen, which reads only the file's tail, and before the TUI reads it all: collecting
	// garbage sooner would only slow the first screen down (~10 ms).
	favourMemoryOverSpeed();
	const [{runTui}, open] = await Promise.all([import('../ui/run.js'), firstScreen || mode !== 'attach' || options.readOnly ? {mode} : attachFrom(context, name)]);
	return runTui(context, name, {
		...open,
		...(options.at && {at: options.at}),
		...(firstScreen && {firstScreen}),
		...(options.readOnly && {readOnly: true}),
		...(tookFrom !== undefined && {notice: `took ${name} over from pid ${tookFrom}, which saved and detached`}),
	});
}

async function attachFrom(context: Context, name: string): Promise<{mode: OpenMode; sessionKey?: string}> {
	const {attachMode} = await import('../session/gateway-sessions.js');
	return attachMode(context, name);
}
