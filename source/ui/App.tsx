/** The interactive client: transcript, status line and composer, bound to one session. */
import {Box, Static, Text, useApp, useInput, usePaste, useStdout, useWindowSize, type Key} from 'ink';
import {memo, useEffect, useEffectEvent, useLayoutEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore} from 'react';
import type {LinkState} from '../connection/machine.js';
import type {GatewayCommand} from '../session/gateway-queries.js';
import type {ChatSession} from '../session/session.js';
import {Composer} from './Composer.js';
import {composerHeight, composerMaxRows, composerView} from './composer-layout.js';
import {splitBurst} from './key-burst.js';
import {wrapStyled} from '../text/wrap.js';
import type {OverlayScreen} from './overlay-screen.js';
import {editorReducer, emptyEditor, onFirstLine, onLastLine, type EditorAction, type EditorState} from './editor.js';
import {ApprovalNotice} from './ApprovalNotice.js';
import {HelpOverlay} from './HelpOverlay.js';
import {helpColumns, helpFrameRows, helpLines, helpTop} from './help-layout.js';
import {editChordAtOnce, editChordEnds, editorAction, pressed} from './keymap.js';
import {editInEditor} from './external-editor.js';
import {isFrameStdout} from './frame-stdout.js';
import {osc52, scrollScreenAway, throughMultiplexer} from './terminal-sequences.js';
import {printHeader, printMessage, printNotice, type MessageLook} from './print.js';
import {printLog, printStep, reopened, type PrintLog} from './print-log.js';
import {recallInChild, type RecallRun} from '../search/recall-runner.js';
import {completeSlash, gatewayText, localCommand, readOnlyCommand} from './slash/index.js';
import {StatusLine} from './StatusLine.js';
import type {FirstScreen} from './first-screen.js';
import {attachView, idsThrough, itemId, liveBudgets, scrollbackLines, splitTranscript, type TranscriptItem} from './transcript-items.js';
import type {Leave} from './leave.js';
import {useSession} from './use-session.js';
import {ValueStore} from './value-store.js';

export type AppProps = {
	session: ChatSession;
	gateway: string;
	maxAttempts: number;
	/** Lines of history printed above the prompt on attach (default: three screens). */
	scrollback?: number;
	/** Open at this message (from recall): print from a little before it, and mark it. */
	at?: string;
	/** What was printed before the TUI loaded (see first-screen.ts): not printed again. */
	firstScreen?: FirstScreen;
	sessionsDir?: string;
	/** Called before the app exits to go elsewhere (another session, the browser). */
	onLeave?: (intent: Leave) => void;
	cannotOpen?: (name: string) => Promise<string | undefined>;
	/** Why a session cannot be opened here now: another terminal holds it (with the ways in), or undefined. */
	heldElsewhere?: (name: string) => Promise<string | undefined>;
	/** How the user runs Tether, for hints (`tether`, or `npm start --`). */
	invocation?: string;
	/** A line shown when the session opens (who let go of it, why we came back here). */
	notice?: string;
	/** Start with tool arguments and output, and thinking, shown in full (config `tui.details`; Ctrl+O toggles). */
	details?: boolean;
	/** How /recall runs a query (default: in a child process over `sessionsDir`). */
	recall?: RecallRun;
	/** Edits a draft in the user's editor (Ctrl+X Ctrl+E, /edit), the terminal handed over meanwhile; throws to keep the draft. */
	editText?: (draft: string) => Promise<string>;
	/** Terminal modes Tether turned on besides Ink's (focus reporting): off while another program has the terminal. */
	terminalModes?: {pause(): void; resume(): void};
	/** Where the help is drawn: the alternate screen (see overlay-screen.ts); without it, the live area's place. */
	overlay?: OverlayScreen;
	/** The environment, for sequences that must pass through tmux. */
	env?: NodeJS.ProcessEnv;
	/** The unsent text saved at the last detach (`initial`), and where the composer's text goes when the app closes. */
	draft?: {initial: string; save(text: string): void};
};

const quitWindowMs = 2000;
/** Erase the screen and its scrollback, cursor home: what Ctrl+L, /clear, a reflow and closing the help start from. */
const clearScreenText = '\u001B[2J\u001B[3J\u001B[H';
/** At most this many lines go to <Static> in one frame, a frame apart (Ink's 30 frames a second). */
const printBatchLines = 100;
const frameMs = 33;

/** The default for cannotOpen and heldElsewhere: no reason known why a session cannot be opened. */
async function noReason(): Promise<string | undefined> {
	return undefined;
}

/** The default for editText: the user's editor, in this process's environment. */
async function editInUsersEditor(draft: string): Promise<string> {
	return editInEditor(draft);
}

export function App({
	session,
	gateway,
	maxAttempts,
	scrollback,
	at,
	firstScreen,
	sessionsDir = '.',
	onLeave,
	cannotOpen = noReason,
	heldElsewhere = noReason,
	invocation = 'tether',
	notice: openingNotice,
	details: startWithDetails = false,
	editText = editInUsersEditor,
	terminalModes,
	overlay,
	env = process.env,
	recall,
	draft,
}: AppProps) {
	useSession(session);
	const {exit: exitApp, suspendTerminal} = useApp();
	const [editor, dispatch] = useReducer(editorReducer, session.messages, messages =>
		emptyEditor(
			messages.filter(m => m.role === 'user').map(m => m.text),
			draft?.initial ?? '',
		),
	);
	// What the last Ctrl+C cleared from the composer.
	const setAside = useRef('');
	// Detaching by Ctrl+C twice keeps the text the first one cleared (set by that key, read as the app closes).
	const keptOnDetach = useRef<string | undefined>(undefined);
	// Whatever way the app closes (a key, /quit, /switch, a signal), the text left in the composer is saved.
	const saveDraft = useEffectEvent(() => draft?.save(editor.value || (keptOnDetach.current ?? '')));
	useEffect(() => () => saveDraft(), []);
	const [help, setHelp] = useState(false);
	// The help's first line shown, as it scrolls.
	const [helpScroll, setHelpScroll] = useState(0);
	const [timestamps, setTimestamps] = useState(true);
	const [details, setDetails] = useState(startWithDetails);
	// A redraw starts a new <Static>, printing the transcript's tail again (Ctrl+L, reflow on resize).
	const [epoch, setEpoch] = useState(0);
	const {stdout} = useStdout();
	const {columns, rows} = useWindowSize();
	// The one-line notice above the composer; one that reports the link (/status) holds the state it described.
	const [notice, setNotice] = useState<{text: string; about?: LinkState; windowMs?: number} | undefined>(openingNotice === undefined ? undefined : {text: openingNotice});
	const setFlash = (text: string | undefined) => setNotice(text === undefined ? undefined : {text});
	const quitArmedAt = useRef(0);
	// Ctrl+X was pressed: a Ctrl+E next opens the editor.
	const editChord = useRef(false);
	// The Ctrl+C window: it opens when its notice is on screen (a slow frame must not spend it unseen), and the
	// notice goes when it closes.
	const flashFor = (text: string, windowMs: number) => setNotice({text, windowMs});
	useEffect(() => {
		if (notice?.windowMs === undefined) {
			return;
		}

		quitArmedAt.current = Date.now();
		const shown = notice;
		const timer = setTimeout(() => setNotice(current => (current === shown ? undefined : current)), notice.windowMs);
		return () => clearTimeout(timer);
	}, [notice]);
	// What is printed stays on screen for good: each item is printed once, as text, when it settles. The log of
	// what went is a store: a render computes the next log, and the commit keeps it (a render changes nothing).
	const scrollbackBudget = scrollback ?? scrollbackLines(rows);
	const [printStore, setPrintStore] = useState(
		() => new ValueStore(firstScreen ? printLog(idsThrough(session.messages, firstScreen.lastPrinted)) : initialLog(session, scrollbackBudget, columns, at)),
	);
	const log = useSyncExternalStore(printStore.subscribe, printStore.get);
	const marked = at === undefined ? session.fresh : new Set([...session.fresh, at]);
	const {additions, live} = splitTranscript(session.messages, session.notices, marked, log.ids);
	// Nothing is printed for good while the help is on the alternate screen: it would go there, and be gone when
	// the help closes. It is printed then.
	const printing =
		help && overlay
			? {items: log.handed, next: log}
			: printStep(
					log,
					additions.map(item => ({id: itemId(item), text: printItem(item, {columns, timestamps, details})})),
					printBatchLines,
				);
	useLayoutEffect(() => {
		// Static printed this render's batch in this commit: the log keeps it.
		printStore.replace(log, printing.next);
	}, [printStore, log, printing.next]);
	useEffect(() => {
		if (log.open) {
			return;
		}

		// What still waits follows a frame later.
		const timer = setTimeout(() => printStore.replace(log, reopened(log)), frameMs);
		return () => clearTimeout(timer);
	}, [printStore, log]);
	// The composer scrolls inside a few rows: a long draft never pushes the live area past the screen. Its top
	// follows the cursor from where it was (state, adjusted during render as React allows for derived state).
	const [composerTop, setComposerTop] = useState(0);
	const composer = composerView(editor.value, editor.cursor, columns - 2, composerMaxRows(rows), composerTop);
	if (composer.top !== composerTop) {
		setComposerTop(composer.top);
	}

	// A report of the link (/status) does not outlive the state it described: it goes when the link moves on.
	const notified = notice && (notice.about === undefined || notice.about === session.link.state) ? notice.text : undefined;
	// Wrapped here at word boundaries, with no space left at the start of a line (Ink's wrap keeps it), and
	// counted whole: /recall's hits are several lines.
	const flash = notified === undefined ? undefined : wrapStyled(notified, Math.max(1, columns));
	// What the live area may take, or the help in its place: the screen less its margin and what is below it.
	const liveRows = Math.max(4, rows - 4 - composerHeight(composer) - (flash === undefined ? 0 : flash.split('\n').length));
	// Shared by its items, each showing its end if it must (a reply streaming, a long message on its way): a
	// live area taller than the screen leaves a copy of itself in the scrollback at every frame.
	const liveLook = {columns, timestamps, details};
	const budgets = liveBudgets(
		live.map(item => (item.kind === 'message' && item.message.status === 'streaming' ? Number.POSITIVE_INFINITY : heightOfItem(item, liveLook))),
		liveRows,
	);
	const gatewayCommands = useGatewayCommands(session, session.link.state.kind === 'open');
	const helpText = useMemo(() => (help ? helpLines(gatewayCommands, helpColumns(columns)) : []), [help, gatewayCommands, columns]);
	const state = session.link.state;
	const replying = session.streaming !== undefined;
	const progress = session.progress;

	/** Hands the terminal to the user's editor with `draft`; what it saves replaces the composer's text. */
	const editDraft = (draft: string) => {
		setFlash(undefined);
		void suspendTerminal(async () => {
			terminalModes?.pause();
			// Whatever the editor did, the modes come back: the failure is caught here and shown.
			await editText(draft).then(
				text => {
					dispatch({type: 'clear'});
					dispatch({type: 'insert', text});
				},
				(error: unknown) => setFlash((error as Error).message),
			);
			terminalModes?.resume();
		});
	};

	const copyToClipboard = (text: string) => {
		stdout.write(throughMultiplexer(osc52(text), env));
	};

	const openHelp = () => {
		overlay?.open();
		setHelpScroll(0);
		setHelp(true);
	};

	const closeHelp = () => {
		setHelp(false);
		if (overlay) {
			overlay.close(); // the screen as it was comes back (a resize meanwhile reflows it then, below)
		} else {
			// The open help pushed the conversation up into scrollback: printed again, it is back where it was.
			redraw(true);
		}
	};

	// Leaving with the help open, it is closed first, and Ink's last frame drawn after: a help frame Ink drew as it
	// exits (it draws the last one late) landed in the conversation once the screen was given back.
	const exit = () => {
		if (help && overlay) {
			closeHelp();
			setTimeout(exitApp, 2 * frameMs);
		} else {
			exitApp();
		}
	};

	// A watcher's composer takes only commands that change nothing here (see readOnlyCommand).
	const readOnlyNotice = `read-only: ${session.name} is written by another terminal; /quit leaves, ${invocation} attach ${session.name} -d takes it over`;
	const submit = (value: string) => {
		const text = value.trim();
		setFlash(undefined);
		const local = localCommand(text);
		if (session.readOnly && !(local && readOnlyCommand(local.command))) {
			setFlash(text === '' ? undefined : readOnlyNotice);
		} else if (local) {
			const leave = (intent: Leave) => {
				onLeave?.(intent);
				exit();
			};

			void Promise.resolve(
				local.command.run(local.args, {session, gateway, sessionsDir, cwd: process.cwd(), quit: exit, leave, cannotOpen, heldElsewhere, showHelp: openHelp, clearScreen, flash: setFlash, copyToClipboard, editDraft, recall: recall ?? recallInChild(sessionsDir), report: text => setNotice({text, about: session.link.state})}),
			).catch((error: unknown) => setFlash((error as Error).message));
		} else if (text !== '') {
			// Saving comes first; if the disk refuses (full, gone), say so and give the text back to edit.
			session.send(gatewayText(text)).catch((error: unknown) => {
				setFlash(`not saved, so not sent: ${(error as Error).message}`);
				dispatch({type: 'insert', text});
			});
		}
	};

	/** Dispatches and also returns the next state, for handlers that apply several actions in one key press. */
	const apply = (state: EditorState, action: EditorAction): EditorState => {
		dispatch(action);
		return editorReducer(state, action);
	};

	const enter = (state: EditorState): EditorState => {
		// A line ending in a backslash continues on the next line, as in a shell.
		if (state.value.endsWith('\\') && state.cursor === state.value.length) {
			return apply(apply(state, {type: 'backspace'}), {type: 'newline'});
		}

		if (state.value.trim() === '') {
			return state;
		}

		submit(state.value);
		return apply(state, {type: 'submitted'});
	};

	/**
	 * Clears the screen; `reprint` prints the transcript's tail again, otherwise only what comes next shows. A
	 * clear the user asks for (Ctrl+L, /clear, and the redraws of Ctrl+O and of closing the help) erases the
	 * scrollback too, as `clear` does, so the tail is there once; a resize, which nobody asks to erase anything,
	 * scrolls the screen up into the scrollback instead, keeping what the shell printed before Tether started,
	 * and prints a screenful again at the new width. Either goes out with Ink's next frame, in its synchronized
	 * update (see frame-stdout.ts): the screen is never seen blank between the clear and the reprint.
	 */
	const redraw = (reprint: boolean, keepScrollback = false) => {
		const clear = keepScrollback ? scrollScreenAway(rows) : clearScreenText;
		if (isFrameStdout(stdout)) {
			stdout.beforeNextFrame(clear);
		} else {
			stdout.write(clear);
		}

		setPrintStore(
			new ValueStore(
				reprint
					? initialLog(session, keepScrollback ? rows : scrollbackBudget, columns, undefined)
					: printLog(new Set([...session.messages.map(m => m.id), ...session.notices.map(n => n.id)])),
			),
		);
		setFlash(undefined);
		setEpoch(count => count + 1);
	};

	const clearScreen = () => redraw(false);
	const width = useRef(columns);
	const reflow = useEffectEvent(() => {
		redraw(true, true);
	});
	useEffect(() => {
		// Not while the help is on the other screen: what is printed is on this one.
		if (width.current === columns || (help && overlay)) {
			return;
		}

		// Reflow what was printed to the new width, once the resizing has settled.
		width.current = columns;
		const timer = setTimeout(() => {
			reflow();
		}, 150);
		return () => clearTimeout(timer);
	}, [columns, help, overlay]);

	// Control keys typed faster than they are read come as one input: each is handled as if it came alone
	// (but for the external editor's chord, taken whole with the text before it).
	useInput((input, key) => {
		for (const part of (input.endsWith(editChordAtOnce) ? undefined : splitBurst(input)) ?? [{input, key: {}}]) {
			onKey(part.input, {...key, ...part.key});
		}
	});

	function onKey(input: string, key: Key): void {
		// The chord can come in one read, after text typed ahead of it.
		if (input.endsWith(editChordAtOnce)) {
			const before = input.slice(0, -editChordAtOnce.length);
			editDraft(before === '' ? editor.value : apply(editor, {type: 'insert', text: before}).value);
			return;
		}

		if (editChord.current) {
			editChord.current = false;
			if (editChordEnds(input, key)) {
				editDraft(editor.value);
				return;
			}
		}

		if (pressed('edit', input, key)) {
			editChord.current = true;
			return;
		}

		if (pressed('redraw', input, key)) {
			redraw(true);
			return;
		}

		if (pressed('details', input, key)) {
			// What is printed is printed: the tail is printed again in the new look, as on Ctrl+L.
			setDetails(shown => !shown);
			redraw(true);
			setFlash(details ? 'tool output and thinking collapsed (Ctrl+O shows them)' : 'tool output and thinking shown (Ctrl+O collapses)');
			return;
		}

		if (pressed('timestamps', input, key)) {
			setTimestamps(shown => !shown);
			setFlash(timestamps ? 'timestamps hidden (Ctrl+T shows them)' : 'timestamps shown');
			return;
		}

		if (pressed('detach', input, key) && input === 'c') {
			const now = Date.now();
			if (now - quitArmedAt.current < quitWindowMs) {
				// Detaching by Ctrl+C twice keeps the text the first one cleared: it is the draft saved for next time.
				keptOnDetach.current = setAside.current;
				exit();
				return;
			}

			// Ctrl+C never stops a reply (Esc does, and a stray Ctrl+C must not throw one away): it says so.
			quitArmedAt.current = now;
			setAside.current = editor.value;
			const again = 'Ctrl+C again to detach';
			if (editor.value === '') {
				flashFor(replying ? `Esc stops the reply · ${again}` : `press ${again}`, quitWindowMs);
			} else {
				dispatch({type: 'set-aside'});
				flashFor(`cleared (Up brings it back) · ${again}`, quitWindowMs);
			}

			return;
		}

		// Any other key ends the Ctrl+C window: Ctrl+C, typing, Ctrl+C clears again rather than detaching.
		if (quitArmedAt.current !== 0) {
			quitArmedAt.current = 0;
			setNotice(current => (current?.windowMs === undefined ? current : undefined));
		}

		if (pressed('suspend', input, key)) {
			// As every terminal program: the terminal back as it was (cooked mode), the process group stopped;
			// on fg, raw mode again and the screen redrawn.
			void suspendTerminal(async () => {
				if (help) {
					overlay?.closeNow();
					setHelp(false);
				}

				terminalModes?.pause();
				const continued = new Promise(resolve => {
					process.once('SIGCONT', resolve);
				});
				process.kill(0, 'SIGTSTP');
				await continued;
				terminalModes?.resume();
			});
			return;
		}

		if (pressed('detach', input, key) && editor.value === '') {
			exit();
			return;
		}

		if (help && (pressed('stop', input, key) || pressed('help', input, key))) {
			closeHelp();
			return;
		}

		if (help && pressed('scroll-help', input, key)) {
			const step = key.pageUp || key.pageDown ? liveRows - 4 : 1;
			setHelpScroll(top => helpTop(top + (key.upArrow || key.pageUp ? -step : step), helpText.length, liveRows - helpFrameRows));
			return;
		}

		if (pressed('stop', input, key)) {
			void session.abort();
			return;
		}

		if (editor.value === '' && pressed('help', input, key)) {
			openHelp();
			return;
		}

		if (editor.value === '' && pressed('reconnect', input, key) && (state.kind === 'offline' || state.kind === 'failed')) {
			session.link.retryNow();
			return;
		}

		if (pressed('send', input, key)) {
			enter(editor);
			return;
		}

		// Several keys in one read: a paste from a terminal without bracketed paste, or keys typed faster than
		// they are read. A line break inside it is a new line, never Enter (a pasted `first\nsecond` must not
		// send `first` alone), and so is the last of lines pasted whole (`alpha\nbeta\n`); a single one at the
		// very end is Enter after keys typed fast, and sends what was typed.
		// eslint-disable-next-line no-control-regex
		if (/[\r\n]/.test(input) && input.length > 1 && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(input) && !key.ctrl && !key.meta) {
			const sends = /^[^\r\n]*(?:\r\n?|\n)$/.test(input);
			const state = apply(editor, {type: 'insert', text: sends ? input.replace(/\r?\n?$/, '') : input});
			if (sends) {
				enter(state);
			}

			return;
		}

		if (pressed('complete', input, key)) {
			const completed = completeSlash(editor.value, gatewayCommands.map(command => command.name));
			dispatch({type: 'clear'});
			dispatch({type: 'insert', text: completed});
			return;
		}

		if (pressed('move', input, key) && key.upArrow) {
			dispatch({type: onFirstLine(editor) ? 'history-previous' : 'line-up'});
			return;
		}

		if (pressed('move', input, key)) {
			dispatch({type: onLastLine(editor) ? 'history-next' : 'line-down'});
			return;
		}

		const action = editorAction(input, key);
		if (action) {
			dispatch(action);
		}
	}

	usePaste(text => dispatch({type: 'insert', text}));

	return (
		<Box flexDirection="column">
			<Static key={epoch} items={[...printing.items]}>
				{(text, index) => <Text key={index}>{text}</Text>}
			</Static>
			{/* The help covers the live area while it is open: both at once could be taller than the screen. */}
			{help ? null : live.map((item, index) => (
				// A message's blank line, header and the note that its start is not shown take three of its rows.
				<LiveItem key={itemId(item)} item={item} {...liveLook} maxLines={Math.max(1, budgets[index]! - 3)} />
			))}
			{help
				? null
				: session.approvals.map(approval => (
						<ApprovalNotice key={approval.id} approval={approval} columns={columns} />
					))}
			{help ? <HelpOverlay lines={helpText} maxRows={liveRows} top={helpScroll} /> : null}
			<Box marginTop={1} flexDirection="column">
				{flash ? <Text color="yellow">{flash}</Text> : null}
				<Composer
					view={composer}
					empty={editor.value === ''}
					placeholder={session.readOnly ? readOnlyNotice : (state.kind === 'open' ? 'message (Enter sends, ? help)' : 'message (saved now, sent when the link is back)')}
				/>
				<StatusLine
					state={state}
					latencyMs={session.link.latencyMs}
					maxAttempts={maxAttempts}
					session={session.name}
					gateway={gateway}
					queued={session.queued}
					replying={replying}
					progress={progress}
					model={session.model}
				/>
			</Box>
		</Box>
	);
}

/** The gateway's own commands, asked for once each time the link is up (none where it has no catalogue). */
function useGatewayCommands(session: ChatSession, open: boolean): readonly GatewayCommand[] {
	const [commands, setCommands] = useState<readonly GatewayCommand[]>([]);
	useEffect(() => {
		if (!open) {
			return;
		}

		let current = true;
		void session.gatewayCommands().then(list => {
			if (current) {
				setCommands(list);
			}
		});
		return () => {
			current = false;
		};
	}, [session, open]);
	return commands;
}

type Look = Omit<MessageLook, 'fresh'>;

/** An item of the live area, printed again only when what it shows or the way it looks changed. */
const LiveItem = memo(
	function LiveItem({item, ...look}: {item: TranscriptItem} & Required<Look>) {
		return <Text>{printItem(item, look)}</Text>;
	},
	// A new item object is made on every render; what it shows is the same unless its message or notice is new.
	(before, after) =>
		shownBy(before.item) === shownBy(after.item) &&
		freshness(before.item) === freshness(after.item) &&
		before.columns === after.columns &&
		before.timestamps === after.timestamps &&
		before.maxLines === after.maxLines &&
		before.details === after.details,
);

function shownBy(item: TranscriptItem): object {
	return item.kind === 'message' ? item.message : item.notice;
}

function freshness(item: TranscriptItem): boolean {
	return item.kind === 'message' && item.fresh;
}

function printItem(item: TranscriptItem, look: Look): string {
	return item.kind === 'message' ? printMessage(item.message, {...look, fresh: item.fresh}) : printNotice(item.notice.text, look.columns);
}

/** Rows an item takes printed whole, kept while what it shows and its look are the same (a frame asks for each). */
const heights = new WeakMap<object, {look: string; rows: number}>();
function heightOfItem(item: TranscriptItem, look: Required<Omit<Look, 'maxLines'>>): number {
	const key = `${look.columns} ${look.timestamps} ${look.details} ${freshness(item)}`;
	const known = heights.get(shownBy(item));
	if (known?.look === key) {
		return known.rows;
	}

	const rows = printItem(item, look).split('\n').length;
	heights.set(shownBy(item), {look: key, rows});
	return rows;
}

/** On attach, only the tail is printed: reattaching to a long session stays instant. */
function initialLog(session: ChatSession, lines: number, columns: number, at: string | undefined): PrintLog {
	const {header, hidden} = attachView(session.name, session.messages, {lines, columns, at, earlier: session.earlierCount});
	return printLog(new Set(session.messages.slice(0, hidden).map(m => m.id)), printHeader(header, columns));
}
