import {describe, expect, it} from 'vitest';
import {editorReducer, emptyEditor, type EditorAction, type EditorState} from '../../source/ui/editor.js';
import {editorAction} from '../../source/ui/keymap.js';
import type {Key} from 'ink';

const apply = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, state);
const typed = (text: string, history: string[] = []) => apply(emptyEditor(history), {type: 'insert', text});

describe('composer editing', () => {
	it('sets the text aside on Ctrl+C as the newest history entry, once', () => {
		const cleared = apply(typed('draft', ['older']), {type: 'set-aside'});
		expect(cleared.value).toBe('');
		expect(apply(cleared, {type: 'history-previous'}).value).toBe('draft');
		expect(apply(cleared, {type: 'insert', text: 'draft'}, {type: 'set-aside'}).history).toEqual(['older', 'draft']);
	});

	it('opens holding a saved draft, the cursor at its end', () => {
		expect(emptyEditor([], 'unsent')).toMatchObject({value: 'unsent', cursor: 6});
	});

	it('keeps line breaks and tabs of inserted text, and no other control byte', () => {
		expect(typed('a\r\nb\tc\u0017d\u001B[31me\u007F').value).toBe('a\nb\tcd[31me');
	});

	it('inserts at the cursor and moves it', () => {
		const state = apply(typed('helo'), {type: 'left'}, {type: 'insert', text: 'l'});
		expect(state).toMatchObject({value: 'hello', cursor: 4});
	});

	it('keeps pasted line breaks as newlines', () => {
		expect(typed('one\r\ntwo\rthree').value).toBe('one\ntwo\nthree');
	});

	it('supports the readline keys on the current line', () => {
		const state = typed('first\nsecond word');
		expect(apply(state, {type: 'home'}).cursor).toBe(6);
		expect(apply(state, {type: 'kill-word'}).value).toBe('first\nsecond ');
		expect(apply(state, {type: 'kill-to-start'}).value).toBe('first\n');
		expect(apply(state, {type: 'home'}, {type: 'kill-to-end'}).value).toBe('first\n');
	});

	it('recalls earlier messages with Up and restores the draft with Down', () => {
		const state = typed('draft', ['one', 'two']);
		const up = apply(state, {type: 'history-previous'});
		expect(up.value).toBe('two');
		expect(apply(up, {type: 'history-previous'}).value).toBe('one');
		expect(apply(up, {type: 'history-next'}).value).toBe('draft');
	});

	it('remembers a submitted message and starts afresh', () => {
		const state = apply(typed('sent'), {type: 'submitted'});
		expect(state).toMatchObject({value: '', cursor: 0, history: ['sent']});
	});

	it('moves between lines of a multi-line message, keeping the column', () => {
		const state = apply(typed('abc\nde'), {type: 'line-up'});
		expect(state.cursor).toBe(2);
		expect(apply(state, {type: 'line-down'}).cursor).toBe(6);
	});

	it('deletes forward on Delete and backward on Backspace, as Ink 8 names them', () => {
		const key = (name: 'delete' | 'backspace') => ({[name]: true}) as Partial<Key> as Key;
		expect(editorAction('', key('delete'))).toEqual({type: 'delete'});
		expect(editorAction('', key('backspace'))).toEqual({type: 'backspace'});
		expect(apply(typed('abc'), {type: 'left'}, {type: 'delete'}).value).toBe('ab');
		// Ctrl+D with text deletes forward, as in a shell (on an empty composer it detaches: App).
		expect(editorAction('d', {ctrl: true} as Partial<Key> as Key)).toEqual({type: 'delete'});
	});
});
