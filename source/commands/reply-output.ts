/**
 * How `tether send` puts a streaming reply on stdout. A gateway may revise text it already streamed (a `chat`
 * delta with `replace: true`), and stdout cannot take back what it printed, so:
 * - piped (or redirected), nothing is printed until the reply ends, and then the final text exactly: a script
 *   reading stdout gets the reply as saved, never a draft spliced with its revision;
 * - on a terminal, text streams as it comes; a revision rewrites the current line in place when all it takes
 *   back is on that line and the line cannot have wrapped (a carriage return and erase-line are then exact);
 *   otherwise the revised reply is printed again in full under a one-line notice, since moving the cursor up
 *   over wrapped or scrolled-off lines cannot be done reliably.
 */

export type ReplyStream = {write(text: string): unknown; isTTY?: boolean; columns?: number};

export type ReplyOutput = {
	/** The reply so far (sanitized, whole, not a delta): prints what it can of it now. */
	update(text: string): void;
	/** The reply has ended with `text`: prints what is still missing and a final newline when anything was printed. */
	end(text: string): void;
};

/** Written on a terminal before a revised reply is printed again in full. */
export const revisedNotice = '[the gateway revised the reply; as it stands now:]';

/** Picks the terminal or the pipe behaviour from `out.isTTY`; `out.columns` is read at each rewrite (it follows resizes). */
export function replyOutput(out: ReplyStream): ReplyOutput {
	return out.isTTY === true ? terminalOutput(out) : pipeOutput(out);
}

function pipeOutput(out: ReplyStream): ReplyOutput {
	return {
		update() {
			// Anything streamed so far may still be replaced.
		},
		end(text) {
			if (text !== '') {
				out.write(`${text}\n`);
			}
		},
	};
}

function terminalOutput(out: ReplyStream): ReplyOutput {
	let printed = '';
	const update = (text: string) => {
		if (text.startsWith(printed)) {
			out.write(text.slice(printed.length));
		} else {
			const kept = commonPrefixLength(printed, text);
			const lineStart = printed.lastIndexOf('\n') + 1;
			if (kept >= lineStart && fitsOnOneRow(printed.slice(lineStart), out.columns ?? 80)) {
				out.write(`\r\u001B[K${text.slice(lineStart)}`);
			} else {
				out.write(`\n${revisedNotice}\n${text}`);
			}
		}

		printed = text;
	};

	return {
		update,
		end(text) {
			update(text);
			if (printed !== '') {
				out.write('\n');
			}
		},
	};
}

/** Code units `a` and `b` share at the start, never ending between the halves of a surrogate pair. */
function commonPrefixLength(a: string, b: string): number {
	let index = 0;
	while (index < a.length && index < b.length && a[index] === b[index]) {
		index++;
	}

	return index > 0 && /[\uD800-\uDBFF]/.test(a[index - 1]!) ? index - 1 : index;
}

/**
 * Whether a line certainly did not wrap: counted at its widest (two columns a character, eight a tab), it
 * stays short of the last column, where a terminal would hold a pending wrap.
 */
function fitsOnOneRow(line: string, columns: number): boolean {
	let widest = 0;
	for (const character of line) {
		widest += character === '\t' ? 8 : 2;
	}

	return widest < columns;
}
