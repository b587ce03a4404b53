/** One-shot commands (send, doctor) on a link that will not come up: they say what they do, and stop when it is hopeless. */
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {createServer, type Socket} from 'node:net';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {fakeGateway} from '../fault/fake-gateway.js';
import {faultyFs} from '../store/faulty-fs.js';
import {cliEnvironment, freePort, onCleanup, runTether, tempDir, testGateway, testToken, type CliResult} from '../helpers.js';


const environment = cliEnvironment;

async function tether(env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
	return runTether(env, args);
}

async function savedStatuses(env: NodeJS.ProcessEnv, name: string): Promise<string[]> {
	const dir = env.TETHER_SESSIONS_DIR;
	if (dir === undefined) {
		throw new Error('the test env names no TETHER_SESSIONS_DIR');
	}

	const file = JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8')) as {messages: Array<{status: string}>};
	return file.messages.map(m => m.status);
}

/** Something that is not a gateway: accepts TCP connections on loopback and never answers. */
async function squatter(): Promise<number> {
	const sockets = new Set<Socket>();
	const server = createServer(socket => sockets.add(socket));
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	onCleanup(async () => {
		for (const socket of sockets) {
			socket.destroy();
		}

		await new Promise(resolve => server.close(resolve));
	});
	return (server.address() as {port: number}).port;
}

const lines = (text: string) => text.trim().split('\n');

describe('tether send', () => {
	it('exits 1 with the close reason of a gateway that lets it in and shuts the door, saying each retry', async () => {
		const env = await environment();
		const gateway = await fakeGateway({afterHello: socket => socket.close(1008, 'go away')});
		expect((await tether(env, ['config', 'set', 'session.reconnect_attempts', '3'])).code).toBe(0);
		const result = await tether(env, ['send', 'door', 'hello?', '--gateway', gateway.url, '--token', 't']);
		expect(result.code).toBe(1);
		expect(lines(result.stderr)).toEqual([
			'tether: new session door',
			...[1, 2, 3].map(n => expect.stringMatching(new RegExp(String.raw`^retrying \(${n}/3\) in \d+ (ms|s): closed \(1008\): go away$`))),
			'tether: the gateway closed the connection at once, 4 times (closed (1008): go away); the message is saved and will be sent on the next attach',
		]);
		// One to look the name up among the gateway's sessions (as attach does), then the first try and three retries.
		expect(gateway.connections).toBe(5);
		expect(await savedStatuses(env, 'door')).toEqual(['queued']);
	});

	it('gives up in one line, exit 1, after a bounded number of retryable refusals of the message (a gateway whose disk is full), keeping it queued', async () => {
		const env = await environment();
		await mkdir(env.TETHER_CONFIG_DIR, {recursive: true});
		await writeFile(path.join(env.TETHER_CONFIG_DIR, 'config.json'), '{"session.reconnect_attempts": 3}');
		const disk = faultyFs();
		disk.failWrites(...Array.from({length: 20}, () => 'ENOSPC' as const));
		const gateway = await testGateway({dataDir: await tempDir(), fs: disk.fs});
		// Before: the refused message was queued again and nothing sent it again; send waited for ever.
		const result = await tether(env, ['send', 'full', 'hello', '--gateway', gateway.url, '--token', testToken]);
		expect(result.code).toBe(1);
		const said = lines(result.stderr);
		expect(said.slice(0, -1)).toEqual([
			'tether: new session full',
			expect.stringMatching(/^the gateway refused the message for now \(1\/3\); sending it again in \d+ ms: .*the disk is full \(ENOSPC\)/),
			expect.stringMatching(/^the gateway refused the message for now \(2\/3\); sending it again in [\d.]+ m?s: /),
		]);
		expect(said.at(-1)).toMatch(/^tether: the gateway refused the message 3 times \(the gateway could not store session agent:main:full .*the disk is full \(ENOSPC\).*\); the message is saved and will be sent on the next attach$/);
		expect(await savedStatuses(env, 'full')).toEqual(['queued']);
		expect(gateway.chat.chatHistory('full').messages).toEqual([]);
	});

	it('stops at once when another program holds the embedded port, keeping the message queued', async () => {
		const env = await environment();
		const port = await squatter();
		expect((await tether(env, ['config', 'set', 'embedded.port', String(port)])).code).toBe(0);
		const result = await tether(env, ['send', 'squat', 'hello?']);
		expect(result.code).toBe(1);
		expect(lines(result.stderr)).toEqual([
			'tether: new session squat',
			`tether: cannot use the gateway: port ${port} on 127.0.0.1 is held by another program, not a Tether gateway: stop it, or choose another port with tether config set embedded.port N; the message is saved and will be sent on the next attach`,
		]);
		expect(await savedStatuses(env, 'squat')).toEqual(['queued']);
	});
});

describe('tether doctor', () => {
	it('checks that the embedded port is free, or held by the live embedded gateway, and not by another program', async () => {
		const env = await environment();
		const port = await squatter();
		expect((await tether(env, ['config', 'set', 'embedded.port', String(port)])).code).toBe(0);
		const held = await tether(env, ['doctor']);
		expect(held.code).toBe(1);
		expect(held.stdout).toMatch(new RegExp(String.raw`^BAD  embedded port +port ${port} on 127\.0\.0\.1 is held by another program, not a Tether gateway`, 'm'));

		const free = await tether(env, ['config', 'set', 'embedded.port', String(await freePort())]);
		expect(free.code).toBe(0);
		const checked = await tether(env, ['doctor']);
		expect(checked.stdout).toMatch(/^ok {3}embedded port +127\.0\.0\.1:\d+ is free/m);

		onCleanup(async () => {
			await tether(env, ['serve', '--stop']);
		});
		expect((await tether(env, ['send', 'main', 'start it'])).code).toBe(0);
		const running = await tether(env, ['doctor']);
		expect(running.stdout).toMatch(/^ok {3}embedded port +127\.0\.0\.1:\d+: the embedded gateway \(pid \d+\)$/m);
		expect(running.code).toBe(0);
	});
});

