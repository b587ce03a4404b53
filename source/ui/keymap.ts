/** Maps a key press to an editor action (pure, so the readline bindings are tested without a terminal). */
import type {Key} from 'ink';
import type {EditorAction} from './editor.js';

export function editorAction(input: string, key: Key): EditorAction | undefined {
	if (key.return && (key.meta || key.shift)) {
		return {type: 'newline'};
	}

	if (key.ctrl) {
		const byLetter: Record<string, EditorAction> = {
			a: {type: 'home'},
			e: {type: 'end'},
			u: {type: 'kill-to-start'},
			k: {type: 'kill-to-end'},
			w: {type: 'kill-word'},
			j: {type: 'newline'},
			b: {type: 'left'},
			f: {type: 'right'},
		};
		return byLetter[input];
	}

	if (key.backspace) {
		return {type: 'backspace'};
	}

	if (key.delete) {
		// Most terminals send DEL (0x7f) for the Backspace key, which Ink reports as delete.
		return {type: 'backspace'};
	}

	if (key.leftArrow) {
		return {type: 'left'};
	}

	if (key.rightArrow) {
		return {type: 'right'};
	}

	if (key.home) {
		return {type: 'home'};
	}

	if (key.end) {
		return {type: 'end'};
	}

	if (input === '\n') {
		return {type: 'newline'};
	}

	if (input && !key.meta && !key.escape && !key.tab && !key.return && !key.upArrow && !key.downArrow) {
		return {type: 'insert', text: input};
	}

	return undefined;
}
