/**
 * Lines waiting to be printed above the live area, handed to Ink's <Static> a batch at a time. Ink lays out
 * what it prints as an object per terminal cell, so a reply of thousands of lines printed at once would cost
 * hundreds of megabytes for a moment; in batches it costs a few.
 */
export class PrintBuffer {
	#lines: string[] = [];
	/** What <Static> is given, a text per batch; it reads each once, so those printed are emptied. */
	#batches: string[] = [];
	#printed = 0;

	constructor(readonly batchLines: number) {}

	add(text: string): void {
		for (const line of text.split('\n')) {
			this.#lines.push(line);
		}
	}

	get waiting(): boolean {
		return this.#lines.length > 0;
	}

	/** Static's items: with a batch of the waiting lines once the last batch is out (a new array when it grew). */
	items(): string[] {
		if (this.#lines.length > 0 && this.#printed === this.#batches.length) {
			this.#batches = [...this.#batches, this.#lines.splice(0, this.batchLines).join('\n')];
		}

		return this.#batches;
	}

	/** Static printed every item it was given. */
	printed(): void {
		this.#batches.fill('', this.#printed);
		this.#printed = this.#batches.length;
	}
}
