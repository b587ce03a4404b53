#!/usr/bin/env node
// chalk (and so Ink) reads FORCE_COLOR but not NO_COLOR (no-color.org); map one to the other before it loads.
if (process.env.NO_COLOR && !('FORCE_COLOR' in process.env)) {
	process.env.FORCE_COLOR = '0';
}

const {run} = await import('../dist/cli.js');
await run();
