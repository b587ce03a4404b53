/**
 * Runs the TUI until the user detaches: one session at a time, moving to another (/switch, /new, /sessions,
 * /rename) without leaving. Every way out flushes the session file.
 */
import {render} from 'ink';
import {attachMode} from '../session/gateway-sessions.js';
import {Link} from '../connection/link.js';
import {ChatSession} from '../session/session.js';
import {readDraft, writeDraft} from '../store/draft.js';
import {renameSession} from '../store/manage.js';
import {closeNames} from '../store/names.js';
import {listSessionNames, SessionStore, type OpenMode} from '../store/session-store.js';
import {didYouMean} from '../text/did-you-mean.js';
import {App} from './App.js';
import {Attention} from './attention.js';
import {watchFocus} from './focus-stdin.js';
import {defaultNotifyAfterSeconds, defaultNotifyMode} from './notify.js';
import {focusReporting} from './terminal-sequences.js';
import {eraseFooter, type FirstScreen} from './first-screen.js';
import type {Leave} from './leave.js';
import {embeddingsOf, recallInChild} from './recall-runner.js';
import {runBrowser} from './run-browser.js';
import {terminalRenderOptions} from './render-options.js';
import type {TuiContext} from './tui-context.js';

export type TuiOpen = {mode: OpenMode; sessionKey?: string; at?: string; firstScreen?: FirstScreen};

export async function runTui(context: TuiContext, name: string, open: TuiOpen): Promise<number> {
	// A terminal that went away (EIO, EPIPE) must not crash the process with a late frame.
	context.io.stdout.on('error', () => undefined);
	context.io.stdin.on('error', () => undefined);
	let current: {name: string; open: TuiOpen} | undefined = {name, open};
	let last = name;
	while (current) {
		last = current.name;
		const leave = await runSession(context, current.name, current.open);
		current = await next(context, current.name, leave);
	}

	context.io.stdout.write(`detached from ${last}; tether attach ${last} to come back\n`);
	return 0;
}

async function next(context: TuiContext, name: string, leave: Leave | undefined): Promise<{name: string; open: TuiOpen} | undefined> {
	switch (leave?.kind) {
		case undefined: {
			return undefined;
		}

		case 'switch': {
			return {name: leave.name, open: leave.create ? {mode: 'create'} : await attachMode(context, leave.name)};
		}

		case 'browse': {
			const chosen = await runBrowser(context);
			return {name: chosen ?? name, open: {mode: 'attach'}};
		}

		case 'rename': {
			await renameSession(context.sessionsDir, name, leave.to);
			return {name: leave.to, open: {mode: 'attach'}};
		}
	}
}

/** Why `/switch NAME` cannot open a session: it is neither here nor on the gateway. */
async function cannotOpen(context: TuiContext, name: string): Promise<string | undefined> {
	const names = await listSessionNames(context.sessionsDir);
	if (names.includes(name) || (await attachMode(context, name)).mode === 'attach-or-create') {
		return undefined;
	}

	const close = closeNames(name, names);
	return `no session named ${name}${didYouMean(close)}; /new ${name} creates it`;
}

/**
 * Messages of a long session kept in memory: more than three screens show and than a page of the gateway's
 * history holds; the rest stay in the file (see session-window.ts). Opening at a message reads them all.
 */
const keepMessages = 1000;

async function runSession(context: TuiContext, name: string, open: TuiOpen): Promise<Leave | undefined> {
	// The first screen's stand-in composer and status line go just before the TUI draws its own.
	const eraseStandIn = () => eraseFooter(open.firstScreen, text => context.io.stdout.write(text));
	const store = await SessionStore.open(context.sessionsDir, name, open.mode, {
		...(open.sessionKey && {sessionKey: open.sessionKey}),
		...(open.at === undefined && {keepMessages}),
	}).catch((error: unknown) => {
		eraseStandIn();
		throw error;
	});
	const link = new Link({endpoint: context.endpoint, policy: context.policy});
	const session = new ChatSession(store, link);
	// Stderr would tear through the screen: what the endpoint has to say (the embedded agent differs) goes in the transcript.
	const {warn} = context;
	context.warn = line => session.notice(line);
	let leave: Leave | undefined;
	// The composer's unsent text, read back at the next attach (store/draft.ts).
	const initialDraft = await readDraft(store.file);
	let draftSaved: Promise<void> = Promise.resolve();
	const saveDraft = (text: string) => {
		draftSaved = writeDraft(store.file, text).catch((error: unknown) => {
			context.io.stderr.write(`tether: the unsent text in the composer was not saved: ${(error as Error).message}\n`);
		});
	};
	const stdout = context.io.stdout;
	const attention = new Attention(session, {
		mode: context.values['tui.notify'] ?? defaultNotifyMode,
		afterMs: (context.values['tui.notify_after'] ?? defaultNotifyAfterSeconds) * 1000,
		write: text => stdout.write(text),
		env: context.io.env,
	});
	// Focus reports are asked for only to notify; they are turned off whenever another program has the terminal.
	const reportFocus = attention.enabled;
	const terminalModes = {
		pause: () => reportFocus && stdout.write(focusReporting(false)),
		resume: () => reportFocus && stdout.write(focusReporting(true)),
	};
	eraseStandIn();
	const instance = render(
		<App
			session={session}
			gateway={await context.gatewayTitle()}
			maxAttempts={context.policy.maxAttempts}
			sessionsDir={context.sessionsDir}
			onLeave={intent => {
				leave = intent;
			}}
			cannotOpen={async other => cannotOpen(context, other)}
			details={context.values['tui.details'] === true}
			recall={recallInChild(context.sessionsDir, {embeddings: embeddingsOf(context.values)})}
			terminalModes={terminalModes}
			env={context.io.env}
			draft={{initial: initialDraft, save: saveDraft}}
			{...(open.at && {at: open.at})}
			{...(open.firstScreen && {firstScreen: open.firstScreen})}
		/>,
		{...terminalRenderOptions, exitOnCtrlC: false, stdin: watchFocus(process.stdin, focus => attention.setFocus(focus))},
	);
	const stopAttention = attention.start();
	terminalModes.resume();
	// However the process ends (a crash included), the terminal must not go on sending focus reports to the shell.
	const modesOff = () => terminalModes.pause();
	process.once('exit', modesOff);
	// The saved transcript is on screen before the link even starts.
	session.start();

	const wake = () => link.wake();
	// Save first: on SIGHUP the terminal is already gone and the next frame may fail to write.
	const detach = () => {
		leave = undefined;
		void session.close().finally(() => instance.unmount());
	};

	process.on('SIGCONT', wake);
	context.io.stdout.on('error', detach);
	context.io.stdin.on('error', detach);
	process.once('SIGTERM', detach);
	process.once('SIGHUP', detach);
	process.once('SIGINT', detach);
	try {
		await instance.waitUntilExit();
	} finally {
		stopAttention();
		terminalModes.pause();
		process.off('exit', modesOff);
		process.off('SIGCONT', wake);
		process.off('SIGTERM', detach);
		process.off('SIGHUP', detach);
		process.off('SIGINT', detach);
		context.io.stdout.off('error', detach);
		context.io.stdin.off('error', detach);
		context.warn = warn;
		await session.close();
		await draftSaved;
	}

	return leave;
}
