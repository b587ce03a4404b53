/**
 * Makes untrusted text (gateway replies, names, error strings) safe to print: an allow-list that keeps printable
 * characters, newline and tab, and drops every escape sequence (CSI, OSC, DCS, SOS/PM/APC, lone ESC), other C0
 * and C1 controls, DEL and bidi overrides. Apply it to the assembled text, never per chunk, so that two chunks
 * cannot join into a live sequence.
 */

// ESC [ ... final byte; ESC ] / P / X / ^ / _ ... up to BEL or ESC \ (an unterminated one is dropped up to the end of
// its line, not the rest of the text: what follows it is still shown);
// ESC followed by any single character; the 8-bit CSI (0x9b) and string introducers (0x90, 0x9d, 0x98, 0x9e, 0x9f).
const sequences =
	// eslint-disable-next-line no-control-regex
	/\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|\u009B[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|[\u001B][\]PX^_][^\n]*?(?:\u0007|\u001B\\|(?=\n)|$)|[\u0090\u0098\u009D\u009E\u009F][^\n]*?(?:\u0007|\u001B\\|\u009C|(?=\n)|$)|\u001B[\s\S]?/g;

// C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function sanitize(text: string): string {
	return text.replaceAll(sequences, '').replaceAll(controls, '');
}

/** For one-line fields (names, titles, previews): also folds newlines and tabs into spaces. */
export function sanitizeLine(text: string): string {
	return sanitize(text).replaceAll(/[\n\t]+/g, ' ');
}

/**
 * JSON (from JSON.stringify, which already escapes C0 controls) made safe for a terminal without changing what it
 * says: DEL, C1 controls and bidi overrides, which can only stand inside its strings, become `\uXXXX` escapes.
 */
export function escapeJsonForTerminal(json: string): string {
	return json.replaceAll(controls, character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
