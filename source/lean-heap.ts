/**
 * The TUI is a long-lived process that mostly waits, and its memory is what users see of it. V8's defaults
 * trade memory for throughput: a young generation that grows to 2 × 64 MB as soon as allocation is brisk
 * (a streaming reply), and an old generation left to grow to several times what is live before a full
 * collection; that held 200–400 MB resident around a live heap of 50 MB. Here the young generation grows
 * once, to 16 MB, where a frame's garbage still dies young, and the old one may grow by a tenth between full
 * collections. Measured in bench/ while a reply streams at 2,000 tokens/s: ~250 MB → ~150 MB, for about
 * the same CPU. A young generation kept at its starting 1 MB cost twice the CPU (objects promoted that die
 * a frame later), and `--optimize-for-size` three times.
 *
 * Set at run time (node's command line is not ours to choose): V8 reads these flags each time it sizes the
 * heap. Called before the session file is read.
 *
 * Building the recall index (`indexTimeYoung`) keeps the young generation at 4 MB: its garbage is each message's
 * words, dead before the next message, and 16 MB of young generation was about 15 MB more resident memory at
 * the build's peak (bench/README.md, issue 18, fourth round) for a few percent less CPU.
 */
// V8's and Node's modules are loaded at first use, not imported: reading a session's tail imports `release` on
// the way to a reattach's first screen, which needs none of them (bench/README.md, Reattach).
const v8 = () => process.getBuiltinModule('node:v8');

/** The young generation the TUI grows to, in bytes. */
const youngGenerationBytes = 16 * 1024 * 1024;

/** The young generation a recall index build grows to, in bytes. */
export const indexTimeYoung = 4 * 1024 * 1024;

/** `young`: the young generation's size to grow to once, in bytes (V8's `new_space`, both halves). */
export function favourMemoryOverSpeed(young = youngGenerationBytes): void {
	v8().setFlagsFromString('--heap-growing-percent=10');
	const start = youngGeneration();
	if (start >= young) {
		v8().setFlagsFromString('--semi-space-growth-factor=1');
		return;
	}

	// One growth to the size wanted, then none: checked after each collection until it has happened.
	v8().setFlagsFromString(`--semi-space-growth-factor=${Math.ceil(young / start)}`);
	const {PerformanceObserver} = process.getBuiltinModule('node:perf_hooks');
	const observer = new PerformanceObserver(() => {
		if (youngGeneration() >= young) {
			v8().setFlagsFromString('--semi-space-growth-factor=1');
			observer.disconnect();
		}
	});
	observer.observe({entryTypes: ['gc']});
}

function youngGeneration(): number {
	return v8().getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Frees typed arrays' memory at once, rather than whenever the collector next runs. V8 frees an array's
 * memory only when a full collection finds it dead, and one is started by outside memory only every
 * ~64 MB of it: while an index is built, the arrays a piece outgrew or finished with (megabytes each) were
 * still held when the next piece's were made, tens of megabytes of resident memory (bench/README.md, issue
 * 18, fourth round). Detaching an `ArrayBuffer` (`transfer(0)`, ES2024) frees its memory there and then.
 *
 * `arrays` must not be used again (every view of their buffers is left empty), and must have been made with
 * `new` or `Buffer.alloc`, never a pooled `Buffer` (`allocUnsafe`, `from`), whose buffer others share.
 */
export function release(...arrays: ReadonlyArray<Uint8Array | Uint32Array | undefined>): void {
	for (const array of arrays) {
		if (array?.buffer instanceof ArrayBuffer && !array.buffer.detached) {
			array.buffer.transfer(0);
		}
	}
}

/**
 * A copy of `values` with room for at least `needed`, doubled so that growing stays linear; `values` is freed at
 * once (see `release`: it must not be used again).
 */
export function grown<T extends Uint8Array | Uint32Array>(values: T, needed: number): T {
	const bigger = new (values.constructor as new (length: number) => T)(Math.max(needed, 2 * values.length));
	bigger.set(values);
	release(values);
	return bigger;
}

type Collect = (options: {type: 'major'; execution: 'sync'; flavor: 'last-resort'}) => void;
let collect: Collect | undefined;

/**
 * Gives back to the system the memory V8 keeps for reuse: heap pages a collection emptied stay resident in
 * V8's page pool (V8 13, `PagePool`) until a collection that reduces memory, which V8 runs only when the
 * process idles or nears its limit. While an index is built, the pool held 30-45 MB of pages beside a heap
 * of 15-30 MB (`--trace-gc-verbose`: "Pool buffering 133 chunks"). This runs that collection now (V8's
 * `CollectAllAvailableGarbage`, the "last-resort" flavour of its `gc` extension): 25-50 ms on a heap of
 * 30 MB, so call it at a moment that frees much, not in a loop.
 *
 * Node gives no other way to ask for it: `--expose-gc` is set at run time, and the `gc` function taken from a
 * context made after (the main context was made before, so it has none).
 */
export function giveBackFreedMemory(): void {
	if (collect === undefined) {
		v8().setFlagsFromString('--expose-gc');
		collect = process.getBuiltinModule('node:vm').runInNewContext('gc') as Collect;
	}

	collect({type: 'major', execution: 'sync', flavor: 'last-resort'});
}
