/**
 * Every key binding, in one table: App's key handler asks it which command or edit a key press is, /help
 * lists it, and the README's key table is generated from it (scripts/readme-keys.js; a test checks they agree).
 * Pure, so the bindings are tested without a terminal.
 */
import type {Key} from 'ink';
import type {EditorAction} from './editor.js';

/** What App does for a key press that is not an edit. */
export type KeyCommand = 'send' | 'move' | 'complete' | 'edit' | 'stop' | 'details' | 'timestamps' | 'redraw' | 'suspend' | 'scroll-help' | 'reconnect' | 'help' | 'detach';

export type KeyBinding = {
	/** The keys as /help and the README name them. */
	keys: string;
	does: string;
	/** The command the keys give App, if they are pressed. */
	command?: {name: KeyCommand; pressed(input: string, key: Key): boolean};
	/** The edit the keys make in the composer, if they are pressed. */
	edit?(input: string, key: Key): EditorAction | undefined;
};

const ctrl = (letters: Record<string, EditorAction>) => (input: string, key: Key) => (key.ctrl ? letters[input] : undefined);

export const keyBindings: readonly KeyBinding[] = [
	{keys: 'Enter', does: 'send', command: {name: 'send', pressed: (_, key) => key.return && !key.meta && !key.shift}},
	{
		keys: 'Alt+Enter, Ctrl+J, or a line ending in `\\`',
		does: 'new line (pasted text keeps its lines and never sends early)',
		edit: (input, key) => ((key.return && (key.meta || key.shift)) || (key.ctrl && input === 'j') || input === '\n' ? {type: 'newline'} : undefined),
	},
	{keys: 'Up / Down', does: 'earlier messages you sent; between lines in a multi-line message', command: {name: 'move', pressed: (_, key) => key.upArrow || key.downArrow}},
	{
		keys: 'Left / Right, Ctrl+B / Ctrl+F',
		does: 'move the cursor',
		edit: (input, key) => (key.leftArrow ? {type: 'left'} : (key.rightArrow ? {type: 'right'} : ctrl({b: {type: 'left'}, f: {type: 'right'}})(input, key))),
	},
	{
		keys: 'Ctrl+A / Ctrl+E, Home / End',
		does: 'start / end of line',
		edit: (input, key) => (key.home ? {type: 'home'} : (key.end ? {type: 'end'} : ctrl({a: {type: 'home'}, e: {type: 'end'}})(input, key))),
	},
	// Ink 8 reports DEL (0x7f, what Backspace sends) as backspace and ESC [3~ (the Delete key) as delete.
	// Ctrl+D with text deletes forward, as in a shell; on an empty composer it detaches (below).
	{
		keys: 'Backspace / Delete, Ctrl+D',
		does: 'delete the character before / under the cursor',
		edit: (input, key) => (key.backspace ? {type: 'backspace'} : (key.delete || (key.ctrl && input === 'd') ? {type: 'delete'} : undefined)),
	},
	{keys: 'Ctrl+U / Ctrl+K / Ctrl+W', does: 'delete to the start / to the end of the line / a word', edit: ctrl({u: {type: 'kill-to-start'}, k: {type: 'kill-to-end'}, w: {type: 'kill-word'}})},
	{keys: 'Tab', does: 'complete a `/command`', command: {name: 'complete', pressed: (_, key) => key.tab}},
	// A chord, as in bash and zsh: Ctrl+X arms it (`pressed`), and App takes a Ctrl+E next as `edit-now` (see `editChordEnds`).
	{keys: 'Ctrl+X Ctrl+E, or `/edit`', does: 'edit the message in `$VISUAL` or `$EDITOR`', command: {name: 'edit', pressed: (input, key) => key.ctrl && input === 'x'}},
	{keys: 'Esc', does: 'stop the reply being written (`chat.abort`); close the help', command: {name: 'stop', pressed: (_, key) => key.escape}},
	{keys: 'Ctrl+O', does: 'show or hide tool arguments and output, and thinking, in full (as in `openclaw tui`)', command: {name: 'details', pressed: (input, key) => key.ctrl && input === 'o'}},
	{keys: 'Ctrl+T', does: 'hide or show timestamps', command: {name: 'timestamps', pressed: (input, key) => key.ctrl && input === 't'}},
	{keys: 'Ctrl+L', does: 'clear and redraw the screen', command: {name: 'redraw', pressed: (input, key) => key.ctrl && input === 'l'}},
	{keys: 'Ctrl+Z', does: 'suspend, as any terminal program (`fg` comes back)', command: {name: 'suspend', pressed: (input, key) => key.ctrl && input === 'z'}},
	{keys: 'PgUp / PgDn (and Up / Down)', does: 'scroll the help', command: {name: 'scroll-help', pressed: (_, key) => key.pageUp || key.pageDown || key.upArrow || key.downArrow}},
	{keys: '`r` (empty composer, offline)', does: 'reconnect now', command: {name: 'reconnect', pressed: input => input === 'r'}},
	{keys: '`?` (empty composer) or `/help`', does: 'every key and command', command: {name: 'help', pressed: input => input === '?'}},
	{keys: 'Ctrl+C', does: 'clear the composer (Up brings the text back); while a reply is written, say that Esc stops it'},
	{keys: 'Ctrl+C twice, Ctrl+D (empty composer), `/quit`', does: 'detach; everything is saved, the unsent text in the composer too', command: {name: 'detach', pressed: (input, key) => key.ctrl && (input === 'c' || input === 'd')}},
];

/** Ctrl+X Ctrl+E read in one go (typed fast, or written at once as tmux send-keys does): Ink hands it over as one input. */
export const editChordAtOnce = '\u0018\u0005';

/** Whether the key press after Ctrl+X completes the edit chord (Ctrl+E). */
export function editChordEnds(input: string, key: Key): boolean {
	return key.ctrl && input === 'e';
}

/** Whether the key press is one of `command`'s keys. */
export function pressed(command: KeyCommand, input: string, key: Key): boolean {
	return keyBindings.some(binding => binding.command?.name === command && binding.command.pressed(input, key));
}

/** The edit a key press makes: a binding's, or else the text typed. */
export function editorAction(input: string, key: Key): EditorAction | undefined {
	for (const binding of keyBindings) {
		const action = binding.edit?.(input, key);
		if (action) {
			return action;
		}
	}

	if (input && !key.ctrl && !key.meta && !key.escape && !key.tab && !key.return && !key.upArrow && !key.downArrow) {
		return {type: 'insert', text: input};
	}

	return undefined;
}

/** The bindings as /help shows them: backquotes are the README's. */
export function helpKeyRows(): Array<[string, string]> {
	const plain = (text: string) => text.replaceAll('`', '');
	return keyBindings.map(binding => [plain(binding.keys), plain(binding.does)]);
}

/** The README's key table (between its `keys` markers). */
export function keyTableMarkdown(): string {
	const cell = (text: string) => text.replaceAll('|', '\\|');
	return ['| key | does |', '| --- | --- |', ...keyBindings.map(binding => `| ${cell(binding.keys)} | ${cell(binding.does)} |`)].join('\n');
}
