#!/usr/bin/env node
import module from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import envPaths from 'env-paths';

// Bytecode of Tether and its dependencies cached on disk (Node ≥ 22.1): every start after the first skips
// most of the parsing, which is most of what starting the TUI costs. It goes in Tether's own cache dir
// (~/.cache/tether/compile on Linux), not the temp dir every user shares; NODE_COMPILE_CACHE still wins.
module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE || path.join(envPaths('tether', {suffix: ''}).cache, 'compile'));

// A regular expression is compiled to machine code at its first use, not first run in V8's regexp interpreter
// until it is seen to be hot: a code block's grammar (one alternation of 2 KB for Python) and marked's block
// rules each ran once, interpreted, over a whole reply, ~15 ms of a reattach's first screen (bench/README.md).
v8.setFlagsFromString('--no-regexp-tier-up');

// chalk (and so Ink) reads FORCE_COLOR but not NO_COLOR (no-color.org); map one to the other before it loads.
if (process.env.NO_COLOR && !('FORCE_COLOR' in process.env)) {
	process.env.FORCE_COLOR = '0';
}

// React's development build checks and records far more on every render (and keeps 800 KB more source);
// a user runs the production one unless NODE_ENV asks otherwise.
process.env.NODE_ENV ??= 'production';

// Refused in one line rather than failing later on a missing Node API (see source/node-version.ts).
// dist/ is built by tsc: `npm pack` builds it for the package; in a checkout `npm start` and `npm test` do.
const {minimumNode, supportedNode} = await import('../dist/node-version.js').catch(error => {
	if (error?.code !== 'ERR_MODULE_NOT_FOUND') {
		throw error;
	}

	process.stderr.write('tether: dist/ is not built; run npm run build (or npm start) in the checkout\n');
	process.exit(1);
});
if (!supportedNode(process.version)) {
	process.stderr.write(`tether: needs Node ${minimumNode} or newer; this is Node ${process.version} (https://nodejs.org, or nvm install 24)\n`);
	process.exit(1);
}

const {run} = await import('../dist/cli.js');
await run();
