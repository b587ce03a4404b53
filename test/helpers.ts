/** Test helpers for the edges: temp dirs, an embedded gateway on an ephemeral port, the CLI as a subprocess, bounded waiting. */
import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {offlineAgent, type Agent} from '../source/gateway/agents.js';
import {startGateway, type RunningGateway} from '../source/gateway/server.js';
import type {FileSystem} from '../source/store/file-system.js';
import type {TelegramOptions} from '../source/gateway/telegram/channel.js';
import {onCleanup} from './cleanups.js';

/** The gateway token every test uses, distinctive enough to be found wherever it leaks. */
export const testToken = 'tether-test-token-6d1f0c';

/** Only the config file may hold the shared token (`tether config set gateway.token`). */
const mayHoldToken = new Set(['config.json']);

/**
 * A fresh temp dir, removed after the test. Before it goes, every file Tether wrote into it is searched for the
 * test token: session files, exports, indexes, gateway data and logs must never contain it.
 */
export async function tempDir(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'tether-test-'));
	onCleanup(async () => {
		const leaks = await filesContaining(dir, testToken);
		// Everything the test started has stopped by now (cleanups run last registered first, and a temp dir is made
		// before what writes into it); the retries are only a safety net against a slow file system.
		await rm(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
		if (leaks.length > 0) {
			throw new Error(`the gateway token was written to ${leaks.join(', ')}`);
		}
	});
	return dir;
}

async function filesContaining(dir: string, secret: string): Promise<string[]> {
	const entries = await readdir(dir, {recursive: true, withFileTypes: true}).catch(() => []);
	const files = entries.filter(entry => entry.isFile() && !mayHoldToken.has(entry.name)).map(entry => path.join(entry.parentPath, entry.name));
	const contents = await Promise.all(files.map(async file => readFile(file, 'latin1').catch(() => '')));
	return files.filter((_file, index) => contents[index]!.includes(secret)).map(file => path.relative(dir, file));
}

export type TestGatewayOptions = {dataDir: string; port?: number; token?: string; agent?: Agent; fs?: FileSystem; log?: (line: string) => void; telegram?: TelegramOptions};

/** The embedded gateway on 127.0.0.1, port 0 unless given; closed after the test. */
export async function testGateway(options: TestGatewayOptions): Promise<RunningGateway> {
	const gateway = await startGateway({agent: offlineAgent(1), token: testToken, ...options});
	let closed = false;
	const wrapped: RunningGateway = {
		...gateway,
		port: gateway.port,
		url: gateway.url,
		chat: gateway.chat,
		async close() {
			if (!closed) {
				closed = true;
				await gateway.close();
			}
		},
	};
	onCleanup(async () => wrapped.close());
	return wrapped;
}

export {onCleanup} from './cleanups.js';

/**
 * Generous bound on waiting for something that involves real work (processes, sockets, disk, rendering): it is
 * only a safety net, many times what it takes on a busy 2-core machine, so that a hang fails with a description
 * before the test's own timeout (vitest.config.ts) does.
 */
export const patience = 90_000;

/** Polls (bounded) until the condition holds; fails with a description of what never happened. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = patience): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await condition()) {
			return;
		}

		await new Promise(resolve => setTimeout(resolve, 10));
	}

	throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
}

export {freePort} from './free-port.js';

/** The CLI's entry point, run with this test's Node (the pinned 24). */
export const tetherBin = path.resolve('bin/tether.js');

/** Tether's config, sessions and gateway data dirs under `root`, as the environment names them: the one place their layout is spelled. */
export function tetherDirs(root: string) {
	return {
		TETHER_CONFIG_DIR: path.join(root, 'config'),
		TETHER_SESSIONS_DIR: path.join(root, 'sessions'),
		TETHER_GATEWAY_DIR: path.join(root, 'gateway'),
	};
}

/**
 * An environment for running the CLI in a temp dir of its own: its HOME, config, sessions and gateway data are
 * there, no gateway URL or token comes from the caller's environment (the embedded gateway unless a test says
 * otherwise), and output is plain.
 */
export async function cliEnvironment() {
	const root = await tempDir();
	return {
		...process.env,
		HOME: root,
		...tetherDirs(root),
		TETHER_GATEWAY_URL: '',
		OPENCLAW_GATEWAY_TOKEN: '',
		NO_COLOR: '1',
	};
}

export type CliResult = {code: number; stdout: string; stderr: string};

/** Runs `tether ARGS` to its end (bounded by `patience`), with `input` on stdin if given; never rejects. */
export async function runTether(env: NodeJS.ProcessEnv, args: string[], options: {input?: string; cwd?: string} = {}): Promise<CliResult> {
	const child = promisify(execFile)(process.execPath, [tetherBin, ...args], {env, timeout: patience, ...(options.cwd && {cwd: options.cwd})});
	if (options.input !== undefined) {
		child.child.stdin?.end(options.input);
	}

	try {
		const {stdout, stderr} = await child;
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failed = error as {code: number; stdout: string; stderr: string};
		return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr};
	}
}
