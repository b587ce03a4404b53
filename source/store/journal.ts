/**
 * Patches that bring a JSON document from one version to the next, small when the change is small. A session
 * changes almost only at its end (a message appended, the streaming reply growing), so a patch replaces each
 * array from the first element that changed, and top-level values that changed are set again. Appending these
 * to a journal costs what changed, not what the file holds; the journal is folded into the file now and then.
 */

export type Patch = {
	/**
	 * One element of an array changed in place (the reply that is streaming): fields set, and text fields that
	 * grew, kept as their length before and what was added. Without it every save of a growing reply would
	 * journal the whole reply so far, and the journal would grow with the square of its length.
	 */
	edits?: Record<string, [index: number, set: Record<string, unknown>, grown: Record<string, [from: number, added: string]>]>;
	/** Arrays, replaced from index `start` on by `items` (after any edit). */
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

			const edit = start < old.length && start < now.length ? editOf(old[start], now[start]) : undefined;
			if (edit) {
				patch.edits = {...patch.edits, [key]: [start, ...edit]};
				start++;
				if (start === old.length && start === now.length) {
					continue;
				}
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

	return patch.edits || patch.tails || patch.set || patch.unset ? patch : null;
}

/** How `after` differs from `before` if some text field of it only grew; undefined when that is not the case. */
function editOf(before: unknown, after: unknown): [set: Record<string, unknown>, grown: Record<string, [from: number, added: string]>] | undefined {
	if (!isRecord(before) || !isRecord(after) || Object.keys(before).some(key => !(key in after))) {
		return undefined;
	}

	const set: Record<string, unknown> = {};
	const grown: Record<string, [number, string]> = {};
	for (const [key, value] of Object.entries(after)) {
		const old = before[key];
		if (typeof old === 'string' && typeof value === 'string' && value.length > old.length && value.startsWith(old)) {
			grown[key] = [old.length, value.slice(old.length)];
		} else if (old !== value) {
			set[key] = value;
		}
	}

	return Object.keys(grown).length > 0 ? [set, grown] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The patch for a document whose array `key` has `by` more elements before those the patch was taken from. */
export function shiftPatch(patch: Patch, key: string, by: number): Patch {
	const edit = patch.edits?.[key];
	const tail = patch.tails?.[key];
	return {
		...patch,
		...(edit && {edits: {...patch.edits, [key]: [edit[0] + by, edit[1], edit[2]]}}),
		...(tail && {tails: {...patch.tails, [key]: [tail[0] + by, tail[1]]}}),
	};
}

/** Applies a patch; applying it again to the result changes nothing (a crash can leave folded patches behind). */
export function applyPatch(document: Document, patch: Patch): Document {
	const result: Document = {...document, ...patch.set};
	for (const [key, [index, set, grown]] of Object.entries(patch.edits ?? {})) {
		const current = Array.isArray(result[key]) ? [...(result[key] as unknown[])] : [];
		const element = current[index];
		if (isRecord(element)) {
			const texts = Object.entries(grown).map(([field, [from, added]]) => [field, `${String(element[field] ?? '').slice(0, from)}${added}`]);
			current[index] = {...element, ...set, ...Object.fromEntries(texts)};
			result[key] = current;
		}
	}

	for (const [key, [start, items]] of Object.entries(patch.tails ?? {})) {
		const current = Array.isArray(result[key]) ? (result[key] as unknown[]) : [];
		result[key] = [...current.slice(0, start), ...items];
	}

	for (const key of patch.unset ?? []) {
		delete result[key];
	}

	return result;
}

/** A document with a journal's patches applied in order. */
export function applyPatches(document: Document, patches: readonly Patch[]): Document {
	return patches.reduce((patched, patch) => applyPatch(patched, patch), document);
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
