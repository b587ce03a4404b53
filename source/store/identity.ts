/**
 * Which gateway session a new local session is. The first session of a name is `agent:<default>:<name>`
 * (session.ts fills in the gateway's default agent), so it meets the gateway's session of that name. A name used
 * before (a session renamed away from it, or one in the trash) gets a key of its own, `agent:<id>:<name>-<random>`,
 * so a new session never joins, or brings back, the conversation the old one had.
 */
import {randomBytes} from 'node:crypto';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {z} from 'zod';
import {fileStemOf, sessionFileStems} from './file-names.js';
import {isSessionKey, sessionKeyOf, splitSessionKey} from '../protocol/session-key.js';
import {sessionFile} from './session-file.js';
import {journalSuffix} from './file-version.js';
import {readFileInPart, readHead} from './session-tail.js';
import {trashedCopies} from './trash.js';

/** The key a new session `name` in `dir` is created with, or undefined for the gateway's default one. */
export async function newSessionKey(dir: string, name: string, suffix = () => randomBytes(3).toString('hex')): Promise<string | undefined> {
	if (isSessionKey(name)) {
		return undefined;
	}

	const previous = await previousUse(dir, name);
	return previous ? sessionKeyOf(previous.agentId, `${name}-${suffix()}`) : undefined;
}

/**
 * A session saved here or in the trash that is, or was, the conversation `name` would get by default: one under
 * a bare name holding `agent:<id>:<name>` (it was `name`, then renamed), one named `agent:main:<name>` itself, or
 * a copy of `name` in the trash. A session named by another agent's key (`agent:ops:<name>`) is another conversation.
 */
async function previousUse(dir: string, name: string): Promise<{agentId: string} | undefined> {
	const files = [
		...(await sessionFileStems(dir)).map(stem => ({file: path.join(dir, `${stem}.json`), trashedName: undefined})),
		...(await trashedCopies(dir)).map(copy => ({file: path.join(copy.dir, `${fileStemOf(copy.name)}.json`), trashedName: copy.name})),
	];
	for (const {file, trashedName} of files) {
		// A damaged file is no reason to refuse a new session; it just says nothing about this name.
		const data = await keyOf(file);
		const parts = data?.gateway.sessionKey === undefined ? undefined : splitSessionKey(data.gateway.sessionKey);
		if (parts?.rest === name && (!isSessionKey(data!.name) || parts.agentId === 'main')) {
			return {agentId: parts.agentId};
		}

		// A copy in the trash that never reached a gateway would still take its name's default key if restored.
		if (trashedName === name) {
			return {agentId: parts?.agentId ?? 'main'};
		}
	}

	return undefined;
}

/** The gateway session keys of the copies in the trash: conversations a user removed, which only `restore` brings back. */
export async function trashedSessionKeys(dir: string): Promise<Set<string>> {
	const keys = new Set<string>();
	for (const copy of await trashedCopies(dir)) {
		const data = await keyOf(path.join(copy.dir, `${fileStemOf(copy.name)}.json`));
		keys.add(data?.gateway.sessionKey ?? sessionKeyOf('main', copy.name));
	}

	return keys;
}

/**
 * The gateway session keys the sessions saved here were given (a renamed session keeps its old name's key):
 * conversations that are already some local session's, which a new session must not join.
 */
export async function localSessionKeys(dir: string): Promise<Set<string>> {
	const keys = new Set<string>();
	for (const stem of await sessionFileStems(dir)) {
		const data = await keyOf(path.join(dir, `${stem}.json`));
		if (data?.gateway.sessionKey !== undefined) {
			keys.add(data.gateway.sessionKey);
		}
	}

	return keys;
}

const keySchema = z.object({name: z.string(), gateway: z.object({sessionKey: z.string().optional()})});

/**
 * The name and gateway session key a session file holds, or null if it cannot be read as a session. Read from
 * the fields before its messages where it can be: creating a session reads this of every other, and parsing
 * them whole was seconds and tens of megabytes in a dir of long sessions. A file with a journal is read whole,
 * as its patches may set either.
 */
async function keyOf(file: string): Promise<z.infer<typeof keySchema> | null> {
	const journal = await stat(`${file}${journalSuffix}`).then(({size}) => size > 0, () => false);
	const head = journal ? undefined : keySchema.safeParse(await readFileInPart(file, readHead).catch(() => undefined));
	if (head?.success) {
		return head.data;
	}

	const whole = keySchema.safeParse(await sessionFile(file).read().catch(() => null));
	return whole.success ? whole.data : null;
}
