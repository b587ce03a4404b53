/**
 * A value held outside React and read with useSyncExternalStore: an effect replaces it whole, and the
 * components that read it render again. What a render must not do itself (keep what it printed) an effect
 * records here, after the commit.
 */
export class ValueStore<T> {
	#value: T;
	readonly #listeners = new Set<() => void>();

	constructor(value: T) {
		this.#value = value;
	}

	/** The snapshot: the same value until it is replaced. */
	readonly get = (): T => this.#value;

	readonly subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	};

	/** Replaces `from` with `to`, and tells the listeners; nothing when the value is no longer `from` (a later change won) or is `to` already. */
	replace(from: T, to: T): void {
		if (this.#value !== from || from === to) {
			return;
		}

		this.#value = to;
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
