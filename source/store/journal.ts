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
			const texts = Object.entries(grown).map(([field, [from, added]]) => [field, `${typeof element[field] === 'string' ? element[field].slice(0, from) : ''}${added}`]);
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

/** Where a journal stops being one: a whole line that is not a patch, or one stamped for another session. */
export type JournalDamage = {line: number; of: number; why: string};

export type JournalReading = {patches: Patch[]; torn: boolean; damage?: JournalDamage};

/** A journal line: the patch, stamped with the session whose file it patches, so a journal copied beside another session's file is not applied there. */
export function stampLine(patch: Patch, stamp: string | undefined): string {
	return `${JSON.stringify(stamp === undefined ? patch : {session: stamp, ...patch})}\n`;
}

/**
 * The patches of a journal's text, in order. Only the last line can be cut short (a crash mid-append, or a
 * disk that filled up and could not be truncated back): it is dropped, and `torn` says so (the writer must
 * then rewrite before appending). A whole line that does not read as a patch, or whose stamp is not
 * `stamp`, is damage: the patches before it are returned and `damage` says where, for the reader to refuse
 * the session rather than silently drop what follows. Lines without a stamp are from before stamps existed.
 */
export function readJournal(text: string, stamp?: string): JournalReading {
	const lines = text.split('\n');
	// Whole lines end with a newline: what follows the last one was cut short.
	const rest = lines.pop();
	const patches: Patch[] = [];
	for (const [index, line] of lines.entries()) {
		const read = readLine(line, stamp);
		if (typeof read === 'string') {
			return {patches, torn: rest !== '', damage: {line: index + 1, of: lines.length, why: read}};
		}

		patches.push(read);
	}

	return {patches, torn: rest !== ''};
}

/**
 * What can be read of a damaged journal: every line that is a patch of this session, also the end of a line
 * that a torn append ran into (it starts at the stamp), and how many lines were left out.
 */
export function salvageJournal(text: string, stamp: string | undefined): {patches: Patch[]; dropped: number} {
	const patches: Patch[] = [];
	let dropped = 0;
	const lines = text.split('\n').filter(line => line !== '');
	for (const line of lines) {
		const opener = stamp === undefined ? -1 : line.lastIndexOf(JSON.stringify({session: stamp}).slice(0, -1));
		const read = [line, ...(opener > 0 ? [line.slice(opener)] : [])].map(candidate => readLine(candidate, stamp)).find(result => typeof result !== 'string');
		if (read && typeof read !== 'string') {
			patches.push(read);
		} else {
			dropped++;
		}
	}

	return {patches, dropped};
}

function readLine(line: string, stamp: string | undefined): Patch | string {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return 'not valid JSON';
	}

	if (!isRecord(value)) {
		return 'not a patch';
	}

	const {session, ...patch} = value;
	// A reader that does not know which session it reads (the first screen) takes every line.
	if (stamp !== undefined && session !== undefined && session !== stamp) {
		return 'written for another session';
	}

	return patch;
}
