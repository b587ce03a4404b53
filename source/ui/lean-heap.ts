/**
 * The TUI is a long-lived process that mostly waits, and its memory is what users see of it. V8's defaults
 * trade memory for throughput: a young generation that grows to 2 × 64 MB as soon as allocation is brisk
 * (loading a long session, a streaming reply), and an old generation left to grow far before a full
 * collection; that held 200–400 MB resident around a live heap of 50 MB. V8's memory-favouring mode keeps
 * the young generation small and collects sooner, for a little more CPU.
 *
 * Set at run time (node's command line is not ours to choose): V8 reads the flag each time it sizes the
 * heap, so it applies from the next collection on. It is called before the session file is read.
 */
import v8 from 'node:v8';

export function favourMemoryOverSpeed(): void {
	v8.setFlagsFromString('--optimize-for-size');
}
