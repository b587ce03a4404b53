/**
 * Patches that bring a JSON document from one version to the next, small when the change is small. A session
 * changes almost only at its end (a message appended, the streaming reply growing), so a patch replaces each
 * array from the first element that changed, and top-level values that changed are set again. Appending these
 * to a journal costs what changed, not what the file holds; the journal is folded into the file now and then.
 */

export type Patch = {
	/** Arrays, replaced from index `start` on by `items`. */
	tails?: Record<string, [start: number, items: unknown[]]>;
	set?: Record<string, unknown>;
	unset?: string[];
};

type Document = Record<string, unknown>;

/**
 * The patch from `before` to `after` (elements compared by identity: unchanged ones keep theirs), null if
 * nothing changed, or undefined if it would carry more than `maxItems` array elements (rewrite the file).
 */
export function diff(before: Document, after: Document, maxItems: number): Patch | null | undefined {
	const patch: Patch = {};
	let items = 0;
	for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
		const [old, now] = [before[key], after[key]];
		if (old === now) {
			continue;
		}

		if (Array.isArray(old) && Array.isArray(now)) {
			let start = 0;
			while (start < old.length && start < now.length && old[start] === now[start]) {
				start++;
			}

			if (start === old.length && start === now.length) {
				continue;
			}

			items += now.length - start;
			patch.tails = {...patch.tails, [key]: [start, now.slice(start)]};
		} else if (key in after) {
			patch.set = {...patch.set, [key]: now};
		} else {
			patch.unset = [...(patch.unset ?? []), key];
		}
	}

	if (items > maxItems) {
		return undefined;
	}

	return patch.tails || patch.set || patch.unset ? patch : null;
}

export function applyPatch(document: Document, patch: Patch): Document {
	const result: Document = {...document, ...patch.set};
	for (const [key, [start, items]] of Object.entries(patch.tails ?? {})) {
		const current = Array.isArray(result[key]) ? (result[key] as unknown[]) : [];
		result[key] = [...current.slice(0, start), ...items];
	}

	for (const key of patch.unset ?? []) {
		delete result[key];
	}

	return result;
}

/**
 * The patches of a journal's text, in order. A line cut short by a crash can only be the last one; it and
 * anything after it are dropped, and `torn` says so (the writer must then rewrite before appending).
 */
export function readJournal(text: string): {patches: Patch[]; torn: boolean} {
	const lines = text.split('\n');
	// Whole lines end with a newline: what follows the last one was cut short.
	const rest = lines.pop();
	const patches: Patch[] = [];
	for (const line of lines) {
		try {
			patches.push(JSON.parse(line) as Patch);
		} catch {
			return {patches, torn: true};
		}
	}

	return {patches, torn: rest !== ''};
}
