/**
 * The terminal's input as Ink reads it, with its focus reports noticed on the way. Ink reads stdin itself
 * (`readable` + `read()`) and drops the reports, so a second reader would steal its keys; instead Ink is
 * given this view of stdin, which is stdin in every respect but that each `read()` is scanned.
 */
import {FocusScanner, type Focus} from './focus-report.js';

export function watchFocus<T extends NodeJS.ReadableStream>(stdin: T, onFocus: (focus: Focus) => void): T {
	const scanner = new FocusScanner();
	const read = (...args: unknown[]) => {
		const chunk: unknown = (stdin.read as (...args: unknown[]) => unknown).apply(stdin, args);
		if (chunk !== null && chunk !== undefined) {
			// oxlint-disable-next-line typescript/no-base-to-string -- stdin yields a string or a Buffer, and String() reads either as text
			for (const focus of scanner.scan(String(chunk))) {
				onFocus(focus);
			}
		}

		return chunk;
	};

	return new Proxy(stdin, {
		get(target, property) {
			if (property === 'read') {
				return read;
			}

			const value: unknown = Reflect.get(target, property, target);
			// Methods run on stdin itself: its listeners, raw mode and encoding are the real ones.
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
		set(target, property, value) {
			return Reflect.set(target, property, value, target);
		},
	});
}
