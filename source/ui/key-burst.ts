/**
 * Keys that came in one read as one: Ink splits Backspace, Ctrl+C and escape sequences out of what it reads, but
 * passes any other control bytes on inside the text around them, where no key matches (`Ctrl+W Ctrl+W` typed
 * faster than it is read deleted nothing, and its bytes went into the draft unseen). Pure: no I/O.
 */
import type {Key} from 'ink';

/** A key of a burst: its input as Ink gives it, and what differs from a key with nothing pressed. */
export type BurstKey = {input: string; key: Partial<Key>};

// Control bytes other than the line breaks and tab that pasted text holds (see App's several keys in one read).
// eslint-disable-next-line no-control-regex
const controlByte = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * The keys of `input`, when it holds a control byte among others: each control byte a key of its own, as Ink
 * reads it alone (`\x17` is Ctrl+W: input `w`, `ctrl`), and the text between them as typed. Undefined when
 * there is nothing to split.
 */
export function splitBurst(input: string): BurstKey[] | undefined {
	if (input.length < 2 || !controlByte.test(input)) {
		return undefined;
	}

	const keys: BurstKey[] = [];
	let text = '';
	for (const character of input) {
		const code = character.codePointAt(0)!;
		const key = code < 0x20 ? controlKey(code) : undefined;
		if (key === undefined) {
			text += character;
			continue;
		}

		if (text !== '') {
			keys.push({input: text, key: {}});
			text = '';
		}

		keys.push(key);
	}

	if (text !== '') {
		keys.push({input: text, key: {}});
	}

	return keys;
}

/** A C0 control byte as Ink's parseKeypress reads it alone: Ctrl+A (0x01) to Ctrl+Z (0x1A), Tab, Enter, Esc. */
function controlKey(code: number): BurstKey {
	if (code === 0x09) {
		return {input: '\t', key: {tab: true}};
	}

	if (code === 0x0A || code === 0x0D) {
		return {input: '\r', key: {return: true}};
	}

	if (code === 0x1B) {
		return {input: '', key: {escape: true}};
	}

	// Ctrl+Space is 0x00; 0x1C-0x1F (Ctrl+\ ] ^ _) no binding uses, and none is text.
	return code >= 0x01 && code <= 0x1A ? {input: String.fromCodePoint(code + 0x60), key: {ctrl: true}} : {input: code === 0 ? ' ' : '', key: {ctrl: true}};
}
