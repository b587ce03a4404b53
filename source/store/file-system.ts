/**
 * The file operations the store writes through, passed in so that tests can make the disk refuse (a short
 * `write()`, `ENOSPC`, `EROFS`) without a tiny tmpfs or root; and writing that never counts a part as the whole.
 */
import * as fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';

export type FileSystem = Pick<typeof fs, 'open' | 'readFile' | 'rename' | 'link' | 'unlink'>;

export const nodeFileSystem: FileSystem = fs;

/**
 * Writes all of `data` at the handle's position: `write()` may take only part of it (a disk filling up), and
 * what it did not take is written again until all is, or the disk refuses with an error.
 */
export async function writeAll(handle: FileHandle, data: string | Uint8Array): Promise<void> {
	const bytes = typeof data === 'string' ? Buffer.from(data) : data;
	for (let offset = 0; offset < bytes.length; ) {
		const {bytesWritten} = await handle.write(bytes, offset, bytes.length - offset);
		if (bytesWritten <= 0) {
			// A write that takes nothing would loop for ever; a full disk is what makes one.
			throw Object.assign(new Error(`no space left writing ${bytes.length - offset} bytes`), {code: 'ENOSPC'});
		}

		offset += bytesWritten;
	}
}
