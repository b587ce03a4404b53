/**
 * The terminal's focus reports (`CSI I` gained, `CSI O` lost; xterm ctlseqs, mode 1004) found in what it sends.
 * Pure: `FocusScanner` is fed the input as it is read and keeps a report cut across two reads. Ink drops the
 * reports from what it hands `useInput` (a complete control sequence that is no key), so they are never typed.
 */
export type Focus = 'in' | 'out';

// eslint-disable-next-line no-control-regex -- a focus report is ESC [ I or ESC [ O
const report = /\u001B\[([IO])/g;
/** The start of a report cut off at the end of a read. */
// eslint-disable-next-line no-control-regex -- ESC, or ESC [, at the very end
const cut = /\u001B\[?$/;

export class FocusScanner {
	#carry = '';

	/** The focus reports in `chunk` (text as read from the terminal), in order. */
	scan(chunk: string): Focus[] {
		const text = this.#carry + chunk;
		const found: Focus[] = [];
		for (const match of text.matchAll(report)) {
			found.push(match[1] === 'I' ? 'in' : 'out');
		}

		this.#carry = cut.exec(text)?.[0] ?? '';
		return found;
	}
}
