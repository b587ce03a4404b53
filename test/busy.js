#!/usr/bin/env node
/**
 * `npm run test:busy [-- vitest args]`: runs `npm test` while two processes burn a core each, as on a busy CI
 * machine (2 cores). A test that passes here waits for what it needs instead of for how fast the machine is.
 *
 * The burners are killed when the suite ends, whatever happens: on exit, on Ctrl+C or SIGTERM, on an error
 * here, and, should this process be SIGKILLed, by themselves: each checks now and then that its parent is alive.
 */
import {spawn} from 'node:child_process';
import process from 'node:process';

const burners = Number(process.env.TETHER_BUSY_BURNERS ?? 2);
// Spins; every few million turns, leaves if the parent is gone (orphans are re-parented, so the ppid changes).
const burn = `const parent = ${process.pid}; for (let i = 1; ; i++) { if (i % 5e6 === 0 && process.ppid !== parent) process.exit(0); }`;
const children = Array.from({length: burners}, () => spawn(process.execPath, ['-e', burn], {stdio: 'ignore'}));

function stopBurners() {
	for (const child of children) {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGKILL');
		}
	}
}

process.on('exit', stopBurners);
process.on('uncaughtException', error => {
	console.error(error);
	stopBurners();
	process.exit(1);
});

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = process.argv.slice(2);
console.error(`test:busy: ${burners} CPU burners running beside npm test${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`);
const suite = spawn(npm, ['test', ...(args.length > 0 ? ['--', ...args] : [])], {stdio: 'inherit'});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		suite.kill(signal);
		stopBurners();
	});
}

suite.on('error', error => {
	console.error(`test:busy: could not run npm test: ${error.message}`);
	process.exit(1);
});
suite.on('exit', (code, signal) => {
	stopBurners();
	process.exit(code ?? (signal ? 1 : 0));
});
