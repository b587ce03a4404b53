/** Taking a session over from the process that holds its lock (store/takeover.ts), with real processes as holders. */
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {access, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {acquireLock} from '../../source/store/lock.js';
import {takeOver, takeoverFile, TakeoverRefused} from '../../source/store/takeover.js';
import {onCleanup, tempDir} from '../helpers.js';

/** A node process running `script`, ended after the test; resolves once it printed "ready" (its handlers are in place). */
async function holder(script: string): Promise<{pid: number; output: () => string; exited: Promise<unknown>}> {
	const child = spawn(process.execPath, ['-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
	onCleanup(() => void child.kill('SIGKILL'));
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	const exited = once(child, 'exit');
	while (!output.includes('ready')) {
		await Promise.race([once(child.stdout, 'data'), exited]);
	}

	return {pid: child.pid!, output: () => output, exited};
}

const exists = async (file: string) =>
	access(file).then(
		() => true,
		() => false,
	);

describe('taking a session over', () => {
	it('does nothing when no one holds the session', async () => {
		const file = path.join(await tempDir(), 'main.json');
		expect(await takeOver(file, 'main')).toBeUndefined();
		const lock = await acquireLock(`${file}.lock`, 'main');
		await lock.release();
	});

	it('asks a holder that answers takeovers, which sees who asks, lets go, and is then replaced', async () => {
		const file = path.join(await tempDir(), 'main.json');
		// What the TUI does on SIGUSR2, cut to its file moves: read the request, release the lock, end.
		const client = await holder(`
			const fs = require('node:fs');
			fs.writeFileSync(${JSON.stringify(`${file}.lock`)}, process.pid + ' detachable');
			process.on('SIGUSR2', () => {
				console.log('asked by ' + fs.readFileSync(${JSON.stringify(takeoverFile(file))}, 'utf8'));
				fs.unlinkSync(${JSON.stringify(`${file}.lock`)});
				process.exit(0);
			});
			console.log('ready');
			setInterval(() => {}, 1000);
		`);
		expect(await takeOver(file, 'main')).toBe(client.pid);
		await client.exited;
		expect(client.output()).toContain(`asked by ${process.pid}`);
		expect(await exists(takeoverFile(file))).toBe(false);
		const lock = await acquireLock(`${file}.lock`, 'main');
		await lock.release();
	});

	it('refuses to signal a holder whose lock does not say it answers (a one-shot command, an older Tether)', async () => {
		const file = path.join(await tempDir(), 'main.json');
		const client = await holder(`console.log('ready'); setInterval(() => {}, 1000);`);
		await writeFile(`${file}.lock`, String(client.pid));
		await expect(takeOver(file, 'main')).rejects.toThrow(new TakeoverRefused(`session main is in use by pid ${client.pid}, which cannot be asked to let go (a command such as tether send, or an older Tether); try again when it ends`));
		// Not signalled: SIGUSR2's default action would have ended it.
		expect(() => process.kill(client.pid, 0)).not.toThrow();
		expect(await exists(takeoverFile(file))).toBe(false);
	});

	it('says how to end a holder that does not let go in time, and leaves no request behind', async () => {
		const file = path.join(await tempDir(), 'main.json');
		const client = await holder(`process.on('SIGUSR2', () => {}); console.log('ready'); setInterval(() => {}, 1000);`);
		await writeFile(`${file}.lock`, `${client.pid} detachable`);
		await expect(takeOver(file, 'main', 200)).rejects.toThrow(`pid ${client.pid} did not let go of session main within 200 ms (is its terminal hung?); end it with kill ${client.pid}, then attach again`);
		expect(await exists(takeoverFile(file))).toBe(false);
		expect(await exists(`${file}.lock`)).toBe(true);
	});
});
