/**
 * The last messages of a session file without parsing the rest of it. Tether writes session files as
 * tab-indented JSON (`JSON.stringify(data, undefined, '\t')`), so inside `"messages": [` each message is a
 * block from a line `\t\t{` to a line `\t\t}`; a JSON string cannot hold a raw line break, so those lines are
 * found by byte search alone. A file laid out any other way (edited by hand, empty) gives undefined, and the
 * caller parses it whole.
 */
const open = Buffer.from('\n\t"messages": [\n');
const close = Buffer.from('\n\t]');
const messageStart = Buffer.from('\n\t\t{');

/**
 * The last messages, as many as `enough` asks for (it is given a tail and says whether more are needed;
 * each round parses four times as many), and how many there are in all.
 */
export function readTail(bytes: Buffer, enough: (tail: readonly unknown[]) => boolean): {total: number; tail: unknown[]} | undefined {
	const first = bytes.indexOf(open);
	const end = first === -1 ? -1 : bytes.indexOf(close, first + open.length - 1);
	if (end === -1) {
		return undefined;
	}

	const starts: number[] = [];
	for (let at = bytes.indexOf(messageStart, first); at !== -1 && at < end; at = bytes.indexOf(messageStart, at + messageStart.length)) {
		starts.push(at);
	}

	try {
		for (let count = 32; ; count *= 4) {
			const from = starts[Math.max(0, starts.length - count)];
			const tail = from === undefined ? [] : (JSON.parse(`[${bytes.toString('utf8', from, end)}]`) as unknown[]);
			if (tail.length !== Math.min(count, starts.length)) {
				return undefined;
			}

			if (count >= starts.length || enough(tail)) {
				return {total: starts.length, tail};
			}
		}
	} catch {
		return undefined;
	}
}
