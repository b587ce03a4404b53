/**
 * The openclaw-lab gateway (../shared/openclaw-lab) as a gateway under test: started once for the run by the
 * global setup, and stopped and started again on the same port with the same state dir by the scenarios.
 */
import {spawn, spawnSync} from 'node:child_process';
import {connect, createServer} from 'node:net';
import WebSocket from 'ws';
import {open, readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {GatewayUnderTest} from '../contract/scenarios.js';

export const labDir = path.resolve('..', 'shared', 'openclaw-lab');
const cache = process.env.OPENCLAW_LAB_CACHE ?? path.join(os.homedir(), '.cache', 'openclaw-lab');

export type LabInfo = {url: string; token: string; gatewayPid: number; modelPid: number; state: string; port: number};

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}

/** Runs start.sh (which installs OpenClaw on first use) and reads the four lines it prints. */
export async function startLab(): Promise<LabInfo> {
	const [port, modelPort] = [await freePort(), await freePort()];
	const started = spawnSync(path.join(labDir, 'start.sh'), [String(port), String(modelPort)], {encoding: 'utf8', timeout: 15 * 60_000});
	if (started.status !== 0) {
		throw new Error(`openclaw-lab did not start: ${started.stderr}`);
	}

	const vars = Object.fromEntries(started.stdout.trim().split('\n').map(line => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
	const [gatewayPid, modelPid] = vars.OPENCLAW_LAB_PIDS!.replaceAll("'", '').split(' ').map(Number);
	// start.sh returns at the first "ready" in the log, which can be a helper's, before the port answers.
	await waitUntil(async () => challenges(vars.OPENCLAW_URL!), 'the lab gateway to answer', 120_000);
	return {url: vars.OPENCLAW_URL!, token: vars.OPENCLAW_GATEWAY_TOKEN!, gatewayPid: gatewayPid!, modelPid: modelPid!, state: vars.OPENCLAW_LAB_STATE!, port};
}

const currentPidFile = (lab: LabInfo) => path.join(lab.state, 'current-gateway.pid');

export async function stopLab(lab: LabInfo): Promise<void> {
	const gatewayPid = await readFile(currentPidFile(lab), 'utf8').catch(() => String(lab.gatewayPid));
	spawnSync(path.join(labDir, 'stop.sh'), [gatewayPid.trim(), String(lab.modelPid)]);
}

/** The lab's gateway, which the scenarios may stop and start again (the model stub keeps running). */
export function labGateway(lab: LabInfo): GatewayUnderTest {
	let gatewayPid = lab.gatewayPid;
	return {
		url: lab.url,
		token: lab.token,
		async stop() {
			spawnSync('pkill', ['-KILL', '-P', String(gatewayPid)]);
			spawnSync('kill', ['-KILL', String(gatewayPid)]);
			await waitUntil(async () => !(await listening(lab.port)), 'the gateway to go away', 10_000);
		},
		async start() {
			const log = path.join(lab.state, 'gateway.log');
			const output = await open(log, 'a');
			// The same command start.sh runs, on the same port and state dir.
			const child = spawn('openclaw', ['gateway', 'run', '--allow-unconfigured', '--port', String(lab.port), '--auth', 'token', '--token', lab.token, '--bind', 'loopback'], {
				env: {...process.env, HOME: path.join(lab.state, 'home'), PATH: `${path.join(cache, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`},
				stdio: ['ignore', output.fd, output.fd],
				detached: true,
			});
			child.unref();
			await output.close();
			gatewayPid = child.pid!;
			// The global teardown stops whichever gateway runs last.
			await writeFile(currentPidFile(lab), String(gatewayPid));
			await waitUntil(async () => challenges(lab.url), `the gateway to be ready again (see ${log})`, 120_000);
		},
		// The gateway prefixes what the model sees with a timestamp; the stub echoes it back word by word.
		replyTo: prompt => prompt,
	};
}

async function listening(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Ready means it opens the handshake: while it starts, it answers HTTP 503. */
async function challenges(url: string): Promise<boolean> {
	return new Promise(resolve => {
		const socket = new WebSocket(url);
		const done = (ready: boolean) => {
			socket.terminate();
			resolve(ready);
		};

		socket.once('message', data => done(String(data).includes('connect.challenge')));
		socket.once('error', () => done(false));
		setTimeout(() => done(false), 2000);
	});
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) {
			return;
		}

		await new Promise(resolve => setTimeout(resolve, 100));
	}

	throw new Error(`timed out waiting for ${what}`);
}
