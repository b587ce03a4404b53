/**
 * The one atomic "create if absent" step of the files that must never be half written or taken twice (a
 * session's lock, a device's key): the content is written whole under a temp name first, then hard-linked to
 * its real name, which fails when that name exists. Used by store/lock.ts and auth/private-file.ts.
 */
import {link} from 'node:fs/promises';
import {hasErrorCode} from '../errors.js';

/** Links `from` to `to`: true when `to` was made, false when it existed. Rejects with any other file system error. */
export async function linkIfAbsent(from: string, to: string): Promise<boolean> {
	try {
		await link(from, to);
		return true;
	} catch (error) {
		if (hasErrorCode(error, 'EEXIST')) {
			return false;
		}

		throw error;
	}
}
