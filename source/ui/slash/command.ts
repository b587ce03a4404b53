/**
 * What a slash command is, and what it may do. Each command is a file of its own beside this one (gemini-cli's
 * `commands/*Command.ts` pattern); index.ts lists them for the dispatcher, /help and Tab completion.
 */
import type {ChatSession} from '../../session/session.js';
import type {Leave} from '../leave.js';
import type {RecallRun} from '../../search/recall-runner.js';

/** What a command is handed: the session, and the few things the TUI does for it (it never touches the terminal itself). */
export type SlashContext = {
	session: ChatSession;
	gateway: string;
	sessionsDir: string;
	/** Where relative paths (/attach) are read from and exports (/export) are written to: the TUI's working directory. */
	cwd: string;
	// Plain functions, not methods: commands take them out of the context (they need no `this`).
	quit: () => void;
	/** Leaves this session for another place (a session, the browser) without detaching. */
	leave: (intent: Leave) => void;
	/** Why a session cannot be opened, or undefined when it can. */
	cannotOpen: (name: string) => Promise<string | undefined>;
	/** Why a session cannot be opened here now: another terminal holds it (with the ways in), or undefined. */
	heldElsewhere: (name: string) => Promise<string | undefined>;
	showHelp: () => void;
	clearScreen: () => void;
	/** The one-line notice above the composer (several lines for a list). */
	flash: (text: string) => void;
	/** Recall, in a process of its own (see search/recall-runner.ts). */
	recall: RecallRun;
	/** Puts text on the clipboard (OSC 52). */
	copyToClipboard: (text: string) => void;
	/** Opens the external editor on `draft`; what it saves becomes the composer's text. */
	editDraft: (draft: string) => void;
	/** A notice about the link as it is now: it goes when the link's state changes. */
	report: (text: string) => void;
};

export type SlashCommand = {
	/** Typed as `/name`. */
	name: string;
	/** The arguments, as /help shows them (`NAME [-d|-r]`). */
	args?: string;
	/** One line for /help. */
	description: string;
	/** A read-only watcher may run it: it leaves, looks or searches, and changes nothing in the session. */
	readOnly?: boolean;
	/** Runs it with the words after the name; a problem it finds is flashed, one line. A rejection is flashed by the TUI. */
	run(args: string, context: SlashContext): void | Promise<void>;
};
