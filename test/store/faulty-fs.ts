/**
 * A file system that refuses as a test tells it to, at the edge the store writes through: the next writes come
 * back short or fail with an errno, a truncate fails, opening or renaming a file fails. Everything else is real.
 */
import * as fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import type {FileSystem} from '../../source/store/file-system.js';

export type WriteFault = 'short' | 'ENOSPC' | 'EROFS' | 'EIO';

export function errno(code: string, syscall: string, file: string): NodeJS.ErrnoException {
	return Object.assign(new Error(`${code}: ${syscall} '${file}'`), {code, syscall, path: file});
}

export function faultyFs() {
	/** Faults for the coming `write()`s, in order, whatever the file; each is used once. */
	const writes: WriteFault[] = [];
	const refusals = {truncate: undefined as string | undefined, open: new Map<RegExp, string>(), rename: undefined as string | undefined};
	let shortWrites = 0;

	function wrap(handle: FileHandle, file: string): FileHandle {
		return new Proxy(handle, {
			get(target, key) {
				if (key === 'write') {
					return async (data: Uint8Array | string, offset = 0, length?: number) => {
						const bytes = typeof data === 'string' ? Buffer.from(data) : data;
						const size = length ?? bytes.length - offset;
						const fault = writes.shift();
						if (fault === 'short' && size > 1) {
							shortWrites++;
							return target.write(bytes, offset, Math.floor(size / 2));
						}

						if (fault && fault !== 'short') {
							throw errno(fault, 'write', file);
						}

						return target.write(bytes, offset, size);
					};
				}

				if (key === 'truncate' && refusals.truncate) {
					return async () => {
						throw errno(refusals.truncate!, 'ftruncate', file);
					};
				}

				const value: unknown = Reflect.get(target, key, target);
				return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
			},
		});
	}

	const fileSystem: FileSystem = {
		...fs,
		open: (async (file: string, ...rest: Parameters<typeof fs.open> extends [unknown, ...infer R] ? R : never) => {
			for (const [pattern, code] of refusals.open) {
				if (pattern.test(file)) {
					throw errno(code, 'open', file);
				}
			}

			return wrap(await fs.open(file, ...rest), file);
		}) as FileSystem['open'],
		rename: async (from, to) => {
			if (refusals.rename) {
				throw errno(refusals.rename, 'rename', String(from));
			}

			return fs.rename(from, to);
		},
	};

	return {
		fs: fileSystem,
		failWrites(...faults: WriteFault[]) {
			writes.push(...faults);
		},
		refuse: refusals,
		get pendingWrites() {
			return writes.length;
		},
		get shortWrites() {
			return shortWrites;
		},
	};
}
