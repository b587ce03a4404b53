/** The composer's text editing as a pure reducer: readline keys, multi-line input, input history. */
export type EditorState = {
	value: string;
	cursor: number;
	/** Sent messages, oldest first, for Up/Down. */
	history: readonly string[];
	/** Position while browsing history; history.length means "the draft". */
	historyIndex: number;
	draft: string;
};

export type EditorAction =
	| {type: 'insert'; text: string}
	| {type: 'newline'}
	| {type: 'backspace'}
	| {type: 'delete'}
	| {type: 'left'}
	| {type: 'right'}
	| {type: 'home'}
	| {type: 'end'}
	| {type: 'kill-to-start'}
	| {type: 'kill-to-end'}
	| {type: 'kill-word'}
	| {type: 'line-up'}
	| {type: 'line-down'}
	| {type: 'history-previous'}
	| {type: 'history-next'}
	/** The value was sent: remember it and start afresh. */
	| {type: 'submitted'}
	/** Ctrl+C: the composer empties, and its text is kept as the newest history entry (Up brings it back). */
	| {type: 'set-aside'}
	| {type: 'clear'};

/** An editor holding `value` (a draft saved at the last detach), the cursor at its end. */
export function emptyEditor(history: readonly string[] = [], value = ''): EditorState {
	return {value, cursor: value.length, history, historyIndex: history.length, draft: ''};
}

const lineStart = (value: string, cursor: number) => value.lastIndexOf('\n', cursor - 1) + 1;
const lineEnd = (value: string, cursor: number) => {
	const end = value.indexOf('\n', cursor);
	return end === -1 ? value.length : end;
};

function edit(state: EditorState, value: string, cursor: number): EditorState {
	return {...state, value, cursor};
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
	const {value, cursor} = state;
	switch (action.type) {
		case 'insert': {
			// Pasted text keeps its line breaks as newlines (it never sends early) and its tabs; no other control
			// byte is text, and one in the draft would be sent unseen.
			// eslint-disable-next-line no-control-regex
			const text = action.text.replaceAll(/\r\n?/g, '\n').replaceAll(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
			return edit(state, value.slice(0, cursor) + text + value.slice(cursor), cursor + text.length);
		}

		case 'newline': {
			return editorReducer(state, {type: 'insert', text: '\n'});
		}

		case 'backspace': {
			return cursor === 0 ? state : edit(state, value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
		}

		case 'delete': {
			return edit(state, value.slice(0, cursor) + value.slice(cursor + 1), cursor);
		}

		case 'left': {
			return edit(state, value, Math.max(0, cursor - 1));
		}

		case 'right': {
			return edit(state, value, Math.min(value.length, cursor + 1));
		}

		case 'home': {
			return edit(state, value, lineStart(value, cursor));
		}

		case 'end': {
			return edit(state, value, lineEnd(value, cursor));
		}

		case 'kill-to-start': {
			const start = lineStart(value, cursor);
			return edit(state, value.slice(0, start) + value.slice(cursor), start);
		}

		case 'kill-to-end': {
			return edit(state, value.slice(0, cursor) + value.slice(lineEnd(value, cursor)), cursor);
		}

		case 'kill-word': {
			const before = value.slice(0, cursor).replace(/\S+\s*$|\s+$/, '');
			return edit(state, before + value.slice(cursor), before.length);
		}

		case 'line-up': {
			const start = lineStart(value, cursor);
			if (start === 0) {
				return state;
			}

			const above = lineStart(value, start - 1);
			return edit(state, value, Math.min(above + (cursor - start), start - 1));
		}

		case 'line-down': {
			const end = lineEnd(value, cursor);
			if (end === value.length) {
				return state;
			}

			const column = cursor - lineStart(value, cursor);
			return edit(state, value, Math.min(end + 1 + column, lineEnd(value, end + 1)));
		}

		case 'history-previous': {
			if (state.historyIndex === 0) {
				return state;
			}

			const historyIndex = state.historyIndex - 1;
			const draft = state.historyIndex === state.history.length ? value : state.draft;
			const recalled = state.history[historyIndex]!;
			return {...state, historyIndex, draft, value: recalled, cursor: recalled.length};
		}

		case 'history-next': {
			if (state.historyIndex >= state.history.length) {
				return state;
			}

			const historyIndex = state.historyIndex + 1;
			const recalled = historyIndex === state.history.length ? state.draft : state.history[historyIndex]!;
			return {...state, historyIndex, value: recalled, cursor: recalled.length};
		}

		case 'submitted': {
			return emptyEditor([...state.history, value]);
		}

		case 'set-aside': {
			return value === '' ? state : emptyEditor(state.history.at(-1) === value ? state.history : [...state.history, value]);
		}

		case 'clear': {
			return {...state, value: '', cursor: 0, historyIndex: state.history.length};
		}
	}
}

/** True when Up/Down should move through history rather than between lines: the cursor is on the first/last line. */
export function onFirstLine(state: EditorState): boolean {
	return !state.value.slice(0, state.cursor).includes('\n');
}

export function onLastLine(state: EditorState): boolean {
	return !state.value.slice(state.cursor).includes('\n');
}
