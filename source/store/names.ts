/**
 * Session names. A bare name is `[A-Za-z0-9._-]{1,64}`, not beginning with a dot, and never a path; a full gateway session key
 * `agent:<id>:<name>` is a name too, used as the gateway session as given (file-names.ts says which file it has).
 */
import {isSessionKey, splitSessionKey} from '../protocol/session-key.js';
import {InvalidSessionName} from './errors.js';
import {fileStemOf} from './file-names.js';

const pattern = /^[\w.-]{1,64}$/;
/** OpenClaw's own agent id rule (normalizeAgentId), case aside. */
const agentIdPattern = /^[a-z\d][\w-]{0,63}$/i;
/** With `.json.journal` or a temp file's suffix after it, a file name stays well under 255 bytes. */
const maxStemLength = 200;
const keyShape = 'agent:<id>:<name>';

/**
 * Returns `name` if it is a bare session name or a well-formed full session key; otherwise throws
 * InvalidSessionName (exit code 2) with a one-line reason naming what is wrong.
 */
export function validateSessionName(name: string): string {
	if (name.includes(':')) {
		return validateSessionKey(name);
	}

	if (name.length === 0) {
		throw new InvalidSessionName(name, 'it is empty');
	}

	if (name.length > 64) {
		throw new InvalidSessionName(name, 'it is longer than 64 characters');
	}

	// A leading dot hides a file, and Tether's own files (.catalog.json, .trash, .recall) begin with one.
	if (name.startsWith('.')) {
		throw new InvalidSessionName(name, 'it begins with a dot; start it with a letter, digit, dash or underscore');
	}

	if (!pattern.test(name)) {
		throw new InvalidSessionName(name, `use letters, digits, dot, dash and underscore only, or a full key ${keyShape}`);
	}

	return name;
}

/** The rules OpenClaw's parseAgentSessionKey applies, plus what a terminal and a file name need. */
function validateSessionKey(key: string): string {
	const reason = keyProblem(key);
	if (reason) {
		throw new InvalidSessionName(key, reason);
	}

	return key;
}

function keyProblem(key: string): string | undefined {
	if (!isSessionKey(key)) {
		return `a name with ':' must be a full session key ${keyShape}`;
	}

	const parts = splitSessionKey(key);
	if (!parts) {
		return `it has no name after the agent id (${keyShape})`;
	}

	if (parts.agentId === '') {
		return `the agent id is empty (${keyShape})`;
	}

	if (!agentIdPattern.test(parts.agentId)) {
		return 'the agent id must be letters, digits, dash and underscore (at most 64), starting with a letter or digit';
	}

	if (parts.rest === '' || parts.rest.startsWith(':')) {
		return `the name after agent:${parts.agentId}: is empty or starts with ':' (${keyShape})`;
	}

	if (/[\s\p{C}]/u.test(key)) {
		return 'it contains a space or a control character';
	}

	if (fileStemOf(key).length > maxStemLength) {
		return 'it is too long to be a file name';
	}

	return undefined;
}

/** Names within a small edit distance, for "did you mean". */
export function closeNames(name: string, candidates: readonly string[], limit = 3): string[] {
	return candidates
		.map(candidate => ({candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase())}))
		.filter(({candidate, distance}) => distance <= Math.max(2, Math.floor(name.length / 3)) || candidate.startsWith(name))
		.toSorted((a, b) => a.distance - b.distance)
		.slice(0, limit)
		.map(({candidate}) => candidate);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return previous[b.length]!;
}
