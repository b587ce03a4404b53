/**
 * The openclaw-lab gateway (../shared/openclaw-lab) as a gateway under test: started once for the run by the
 * global setup, and stopped and started again on the same port with the same state dir by the scenarios.
 * The lab's plain echo stub is replaced by ours (stub_model.py beside this file: tool calls, thinking, HTTP
 * failures and slow streams on request), with tools and reasoning turned on in the gateway's config.
 */
import {spawn, spawnSync} from 'node:child_process';
import {connect} from 'node:net';
import {WebSocket} from 'ws';
import {mkdir, open, readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {GatewayUnderTest} from '../contract/scenarios.js';
import {freePort} from '../free-port.js';

export const labDir = path.resolve('..', 'shared', 'openclaw-lab');
const cache = process.env.OPENCLAW_LAB_CACHE ?? path.join(os.homedir(), '.cache', 'openclaw-lab');

export type LabInfo = {
	url: string;
	token: string;
	gatewayPid: number;
	/** Our stub model (stub_model.py), which replaced the lab's. */
	modelPid: number;
	state: string;
	port: number;
	modelPort?: number;
	/** The agent workspace, holding NOTES.md (its lines are `notes`) for `[tool:read]` turns. */
	workspace?: string;
	notes?: readonly string[];
	/** Each request the gateway sent the stub model, one JSON line (`{at, request}`) each. */
	modelLog?: string;
};

export const stubModel = path.join(import.meta.dirname, 'stub_model.py');

/** What NOTES.md in the lab agent's workspace holds; a `[tool:read]` reply quotes the first line. */
export const notesLines = ['# Lab notes for Tether', 'The stub model reads this file with the read tool.', 'Third line: 42 apples.'] as const;


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
	const lab: LabInfo = {url: vars.OPENCLAW_URL!, token: vars.OPENCLAW_GATEWAY_TOKEN!, gatewayPid: gatewayPid!, modelPid: modelPid!, state: vars.OPENCLAW_LAB_STATE!, port};
	try {
		return await withOurStub(lab, modelPort);
	} catch (error) {
		await stopLab(lab);
		throw error;
	}
}

/**
 * Swaps the lab's stub model for ours on the same port, turns tools and reasoning on for the model (start.sh
 * writes `reasoning: false` and `compat.supportsTools: false`) and puts NOTES.md in the agent's workspace.
 * The gateway hot-reloads its config; if its log does not say so, it is restarted.
 */
async function withOurStub(lab: LabInfo, modelPort: number): Promise<LabInfo> {
	const home = path.join(lab.state, 'home', '.openclaw');
	const workspace = path.join(home, 'workspace');
	const modelLog = path.join(lab.state, 'stub-requests.jsonl');
	await mkdir(workspace, {recursive: true});
	await writeFile(path.join(workspace, 'NOTES.md'), `${notesLines.join('\n')}\n`);

	process.kill(lab.modelPid, 'SIGTERM');
	await waitUntil(async () => !(await listening(modelPort)), 'the lab\'s stub model to go away', 10_000);
	const output = await open(path.join(lab.state, 'model.log'), 'a');
	const model = spawn('python3', [stubModel, String(modelPort)], {
		env: {...process.env, STUB_MODEL_LOG: modelLog},
		stdio: ['ignore', output.fd, output.fd],
		detached: true,
	});
	model.unref();
	await output.close();
	const info: LabInfo = {...lab, modelPid: model.pid!, modelPort, workspace, notes: notesLines, modelLog};
	await waitUntil(async () => listening(modelPort), 'our stub model to listen', 10_000);

	const configPath = path.join(home, 'openclaw.json');
	const config = JSON.parse(await readFile(configPath, 'utf8')) as {models: {providers: Record<string, {models: Array<Record<string, unknown>>}>}};
	for (const entry of config.models.providers.stub!.models) {
		entry.reasoning = true;
		entry.compat = {...(entry.compat as object | undefined), supportsTools: true};
	}

	await writeFile(configPath, JSON.stringify(config, undefined, 2));
	// The log says "[reload] config hot reload applied (models.providers.stub.models)", but under vitest the gateway
	// logs nothing: ask it instead (models.list reports the model's supportsTools and reasoning).
	const reloaded = async () => {
		const models = await modelsList(lab.url, lab.token).catch(() => []);
		return models.some(model => model.provider === 'stub' && model.supportsTools === true && model.reasoning === true);
	};

	try {
		await waitUntil(reloaded, 'the gateway to reload its config', 30_000);
		await waitUntil(async () => challenges(lab.url), 'the lab gateway to answer after the reload', 120_000);
	} catch {
		const gateway = labGateway(info);
		await gateway.stop();
		await gateway.start();
		return {...info, gatewayPid: Number(await readFile(currentPidFile(info), 'utf8'))};
	}

	return info;
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

/** `models.list` over a short-lived connection (`cli`/`cli` with the shared token, as on loopback it needs no device). */
async function modelsList(url: string, token: string): Promise<Array<{provider?: string; supportsTools?: boolean; reasoning?: boolean}>> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(url);
		const timer = setTimeout(() => {
			socket.terminate();
			reject(new Error('models.list timed out'));
		}, 5000);
		const done = (error: Error | undefined, models?: Array<{provider?: string; supportsTools?: boolean; reasoning?: boolean}>) => {
			clearTimeout(timer);
			socket.terminate();
			if (error) {
				reject(error);
			} else {
				resolve(models ?? []);
			}
		};

		socket.on('error', error => done(error));
		socket.on('message', data => {
			const frame = JSON.parse(String(data)) as {type: string; event?: string; id?: string; ok?: boolean; payload?: {models?: []}};
			if (frame.event === 'connect.challenge') {
				const params = {minProtocol: 4, maxProtocol: 4, client: {id: 'cli', version: '0.0.0-lab', platform: process.platform, mode: 'cli'}, role: 'operator', scopes: ['operator.read'], caps: [], auth: {token}};
				socket.send(JSON.stringify({type: 'req', id: 'connect', method: 'connect', params}));
			} else if (frame.type === 'res' && frame.id === 'connect') {
				if (frame.ok) {
					socket.send(JSON.stringify({type: 'req', id: 'models', method: 'models.list', params: {}}));
				} else {
					done(new Error('connect refused'));
				}
			} else if (frame.type === 'res' && frame.id === 'models') {
				done(undefined, frame.payload?.models ?? []);
			}
		});
	});
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
