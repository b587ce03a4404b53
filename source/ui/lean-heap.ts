/**
 * The TUI is a long-lived process that mostly waits, and its memory is what users see of it. V8's defaults
 * trade memory for throughput: a young generation that grows to 2 × 64 MB as soon as allocation is brisk
 * (a streaming reply), and an old generation left to grow to several times what is live before a full
 * collection; that held 200–400 MB resident around a live heap of 50 MB. Here the young generation keeps
 * its starting size and the old one may grow by a fifth between full collections, for a little more CPU
 * (measured in bench/: about 250 MB → 145 MB, 10 → 29 % of a core while a reply streams at 2,000 tokens/s).
 * `--optimize-for-size` kept memory as low but took 45 % of a core.
 *
 * Set at run time (node's command line is not ours to choose): V8 reads these flags each time it sizes the
 * heap. Called before the session file is read.
 */
import v8 from 'node:v8';

export function favourMemoryOverSpeed(): void {
	v8.setFlagsFromString('--semi-space-growth-factor=1');
	v8.setFlagsFromString('--heap-growing-percent=20');
}
