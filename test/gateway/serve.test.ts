/** Issue 14: `tether serve` always exits on SIGTERM or SIGINT, closing its sockets, whatever its history writer went through. */
import {spawn} from 'node:child_process';
import {access, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {portAccepts} from '../../source/connection/port-probe.js';
import {onCleanup, tempDir, waitFor} from '../helpers.js';
import {connectParams, rawClient} from './client.js';

const bin = path.resolve('bin/tether.js');

describe('tether serve', () => {
	it.each(['SIGTERM', 'SIGINT'] as const)('exits on %s in the middle of a run, after a request that once broke its writer, closing every socket', async signal => {
		const home = await tempDir();
		const dataDir = path.join(home, 'gateway');
		const env = {...process.env, TETHER_CONFIG_DIR: path.join(home, 'config'), TETHER_SESSIONS_DIR: path.join(home, 'sessions'), TETHER_GATEWAY_DIR: dataDir};
		const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += String(chunk)));
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => child.on('exit', (code, by) => resolve({code, signal: by})));
		onCleanup(async () => {
			child.kill('SIGKILL');
			await exited;
		});

		await waitFor(() => /listening on ws:\/\/\S+/.test(stdout) || child.exitCode !== null, 'the gateway listens');
		const url = /listening on (ws:\/\/\S+)/.exec(stdout)![1]!;
		const client = await rawClient(url);
		const token = (await readFile(path.join(dataDir, 'token'), 'utf8')).trim();
		expect((await client.request('connect', connectParams(token))).ok).toBe(true);
		// A 300-character key made ENAMETOOLONG, which left the writer chain rejected: close() then threw before it
		// gave up the port, and the process went on listening after SIGTERM.
		await client.request('chat.send', {sessionKey: 'x'.repeat(300), message: 'long', idempotencyKey: 'run-long'});
		await client.request('chat.send', {sessionKey: 'main', message: 'hello', idempotencyKey: 'run-1'});
		await waitFor(() => client.events('chat').some(event => event.runId === 'run-1' && event.state === 'delta'), 'a run is streaming');

		child.kill(signal);
		expect(await exited, stderr).toEqual({code: 0, signal: null});
		expect(client.closed()?.code).toBe(1012);
		expect(client.events('shutdown')).toEqual([{reason: 'gateway stopping'}]);
		const {port} = new URL(url);
		expect(await portAccepts('127.0.0.1', Number(port), 1000)).toBe(false);
		await expect(access(path.join(dataDir, 'gateway.json'))).rejects.toThrow(/ENOENT/);
	});
});
