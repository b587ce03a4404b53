/**
 * Runs the TUI until the user detaches: one session at a time, moving to another (/switch, /new, /sessions,
 * /rename) without leaving. Every way out flushes the session file.
 */
import {render} from 'ink';
import {attachMode} from '../session/gateway-sessions.js';
import {Link} from '../connection/link.js';
import {ChatSession} from '../session/session.js';
import {SessionLocked} from '../store/errors.js';
import {lockHolder} from '../store/lock.js';
import {readDraft, writeDraft} from '../store/draft.js';
import {renameSession} from '../store/manage.js';
import {closeNames} from '../store/names.js';
import {listSessionNames, sessionPath, SessionStore, type OpenMode} from '../store/session-store.js';
import {takeOver, takeoverRequest} from '../store/takeover.js';
import {didYouMean} from '../text/did-you-mean.js';
import {App} from './App.js';
import {Attention} from './attention.js';
import {watchFocus} from './focus-stdin.js';
import {frameStdout} from './frame-stdout.js';
import {overlayScreen} from './overlay-screen.js';
import {defaultNotifyAfterSeconds, defaultNotifyMode} from './notify.js';
import {focusReporting} from './terminal-sequences.js';
import {eraseFooter, type FirstScreen} from './first-screen.js';
import type {Leave} from './leave.js';
import {embeddingsOf, recallInChild} from '../search/recall-runner.js';
import {runBrowser, type Chosen} from './run-browser.js';
import {terminalRenderOptions} from './render-options.js';
import type {TuiContext} from './tui-context.js';

export type TuiOpen = {
	mode: OpenMode;
	sessionKey?: string;
	at?: string;
	firstScreen?: FirstScreen;
	/** Watch without writing: no lock, nothing saved or sent (a second terminal). */
	readOnly?: boolean;
	/** Take the session over from the terminal holding it (it saves and detaches) before opening it. */
	takeOver?: boolean;
	/** A line shown at the bottom when the session opens (why we are here, who let go). */
	notice?: string;
};

/** What runs a takeover request on SIGUSR2 (see takeover.ts): the open session's, while one is open. */
let onTakeoverSignal: (() => void) | undefined;
let listening = false;

export async function runTui(context: TuiContext, name: string, open: TuiOpen): Promise<number> {
	// A terminal that went away (EIO, EPIPE) must not crash the process with a late frame.
	context.io.stdout.on('error', () => undefined);
	context.io.stdin.on('error', () => undefined);
	if (!listening) {
		// Never removed: a request that comes between two sessions, or while leaving, must not kill the process
		// (SIGUSR2's default action); with no session open it is ignored.
		listening = true;
		process.on('SIGUSR2', () => onTakeoverSignal?.());
	}

	let current: {name: string; open: TuiOpen} | undefined = {name, open};
	let previous: {name: string; open: TuiOpen} | undefined;
	let last = name;
	let leave: Leave | undefined;
	while (current) {
		last = current.name;
		try {
			leave = await runSession(context, current.name, current.open);
		} catch (error) {
			// Taken by another terminal between the check and the opening: back where we were, saying so.
			if (error instanceof SessionLocked && previous && current.name !== previous.name) {
				const notice = `${error.session} is open in another terminal (pid ${error.pid}); /switch ${error.session} -d takes it over, -r watches it`;
				current = {name: previous.name, open: {mode: 'attach', ...(previous.open.readOnly && {readOnly: true}), notice}};
				previous = undefined;
				continue;
			}

			throw error;
		}

		previous = {name: current.name, open: current.open};
		current = await next(context, current.name, current.open, leave);
	}

	const attach = `${context.invocation} attach ${last}`;
	context.io.stdout.write(
		leave?.kind === 'taken-over'
			? `${last} was taken over by another terminal (pid ${leave.by}); everything here is saved; ${attach} -d takes it back\n`
			: `detached from ${last}; ${attach} to come back\n`,
	);
	return 0;
}

async function next(context: TuiContext, name: string, open: TuiOpen, leave: Leave | undefined): Promise<{name: string; open: TuiOpen} | undefined> {
	switch (leave?.kind) {
		case undefined:
		case 'taken-over': {
			return undefined;
		}

		case 'switch': {
			const how = leave.how === 'take-over' ? {takeOver: true} : (leave.how === 'read-only' ? {readOnly: true} : {});
			return {name: leave.name, open: leave.create ? {mode: 'create'} : {...(await attachMode(context, leave.name)), ...how}};
		}

		case 'browse': {
			const chosen: Chosen | undefined = await runBrowser(context);
			const how = chosen?.how === 'take-over' ? {takeOver: true} : (chosen?.how === 'read-only' ? {readOnly: true} : {});
			// Back from the browser without choosing: the session we came from, as we had it.
			return chosen ? {name: chosen.name, open: {mode: 'attach', ...how}} : {name, open: {mode: 'attach', ...(open.readOnly && {readOnly: true})}};
		}

		case 'rename': {
			await renameSession(context.sessionsDir, name, leave.to);
			return {name: leave.to, open: {mode: 'attach'}};
		}
	}
}

/** Why `/switch NAME` would be refused: another terminal holds it (with the ways in), or undefined. */
async function heldElsewhere(context: Pick<TuiContext, 'sessionsDir'>, name: string): Promise<string | undefined> {
	const holder = await lockHolder(`${sessionPath(context.sessionsDir, name)}.lock`);
	return holder === undefined || holder.pid === process.pid
		? undefined
		: `${name} is open in another terminal (pid ${holder.pid}); /switch ${name} -d takes it over (that terminal detaches), /switch ${name} -r watches it read-only`;
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
	const tookFrom = open.takeOver ? await takeOver(sessionPath(context.sessionsDir, name), name) : undefined;
	const window = open.at === undefined && {keepMessages};
	const opening = open.readOnly
		? SessionStore.openReadOnly(context.sessionsDir, name, {...window})
		: SessionStore.open(context.sessionsDir, name, open.mode, {...(open.sessionKey && {sessionKey: open.sessionKey}), ...window, detachable: true});
	const store = await opening.catch((error: unknown) => {
		eraseStandIn();
		throw error;
	});
	const link = new Link({endpoint: context.endpoint, policy: context.policy});
	const session = new ChatSession(store, link);
	// Stderr would tear through the screen: what the endpoint has to say (the embedded agent differs) goes in the transcript.
	const {warn} = context;
	context.warn = line => session.notice(line);
	let leave: Leave | undefined;
	// The composer's unsent text, read back at the next attach (store/draft.ts). A read-only watcher neither
	// takes nor writes it: the draft belongs to the terminal that has the session.
	const initialDraft = open.readOnly ? '' : await readDraft(store.file);
	let draftSaved: Promise<void> = Promise.resolve();
	const saveDraft = (text: string) => {
		if (open.readOnly) {
			return;
		}

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
	const notice = open.notice ?? (tookFrom === undefined ? undefined : `took ${name} over from pid ${tookFrom}, which saved and detached`);
	eraseStandIn();
	const frame = frameStdout(process.stdout);
	// The help's screen erases Ink's frame through the instance, which exists once rendered.
	let clearFrame = () => {};
	const overlay = overlayScreen(frame, () => clearFrame());
	// The gateway's title (the embedded agent's name) is read again at each connection (`retitle`): a gateway
	// restarted with another agent (serve --restart) is named as it is, not as it was when the TUI started.
	const app = (gateway: string) => (
		<App
			session={session}
			gateway={gateway}
			maxAttempts={context.policy.maxAttempts}
			sessionsDir={context.sessionsDir}
			onLeave={intent => {
				leave = intent;
			}}
			cannotOpen={async other => cannotOpen(context, other)}
			heldElsewhere={async other => heldElsewhere(context, other)}
			invocation={context.invocation}
			{...(notice && {notice})}
			details={context.values['tui.details'] === true}
			recall={recallInChild(context.sessionsDir, {embeddings: embeddingsOf(context.values)})}
			terminalModes={terminalModes}
			overlay={overlay}
			env={context.io.env}
			draft={{initial: initialDraft, save: saveDraft}}
			{...(open.at && {at: open.at})}
			{...(open.firstScreen && {firstScreen: open.firstScreen})}
		/>
	);
	let title = await context.gatewayTitle();
	const instance = render(app(title), {...terminalRenderOptions, exitOnCtrlC: false, stdout: frame, stdin: watchFocus(process.stdin, focus => attention.setFocus(focus))});
	clearFrame = () => instance.clear();
	const retitle = () => {
		void context.gatewayTitle().then(
			now => {
				if (now !== title) {
					title = now;
					instance.rerender(app(now));
				}
			},
			() => undefined, // the title it had stays
		);
	};
	link.on('open', retitle);
	const stopAttention = attention.start();
	terminalModes.resume();
	// However the process ends (a crash included), the terminal must not go on sending focus reports to the shell.
	const modesOff = () => {
		overlay.closeNow();
		terminalModes.pause();
	};
	process.once('exit', modesOff);
	// The saved transcript is on screen before the link even starts.
	session.start();

	const wake = () => link.wake();
	// Save first: on SIGHUP the terminal is already gone and the next frame may fail to write. Taken every time
	// (`on`, not `once`): a closed terminal's shell sends its jobs a SIGHUP of its own after the terminal's, and a
	// second one, left to Node, ended the process before the draft and the journal's fold were written.
	let detaching = false;
	const detach = () => {
		if (detaching) {
			return;
		}

		detaching = true;
		leave = undefined;
		void session.close().finally(() => instance.unmount());
	};

	// Another terminal asks for this session (takeover.ts): save, let go, and end, as on a detach.
	onTakeoverSignal = () => {
		if (store.readOnly) {
			return;
		}

		void takeoverRequest(store.file).then(by => {
			if (by !== undefined) {
				leave = {kind: 'taken-over', by};
				void session.close().finally(() => instance.unmount());
			}
		});
	};

	// A request that came while the session was opening found no handler yet.
	onTakeoverSignal();
	process.on('SIGCONT', wake);
	context.io.stdout.on('error', detach);
	context.io.stdin.on('error', detach);
	process.on('SIGTERM', detach);
	process.on('SIGHUP', detach);
	process.on('SIGINT', detach);
	try {
		await instance.waitUntilExit();
	} finally {
		stopAttention();
		modesOff();
		process.off('exit', modesOff);
		onTakeoverSignal = undefined;
		process.off('SIGCONT', wake);
		link.off('open', retitle);
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
