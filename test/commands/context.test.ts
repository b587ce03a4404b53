import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createContext, policyFrom} from '../../source/commands/context.js';
import {recordedAgent} from '../../source/gateway/agent-settings.js';
import {writeDaemonState} from '../../source/gateway/daemon.js';
import {tempDir, testGateway} from '../helpers.js';
import {defaultLinkPolicy} from '../../source/connection/policy.js';

describe('link policy from the config', () => {
	it('uses the defaults when nothing is set', () => {
		expect(policyFrom({})).toEqual(defaultLinkPolicy);
	});

	it('honours the OpenClaw session keys', () => {
		const policy = policyFrom({'session.ping_interval': 5, 'session.reconnect_attempts': 3, 'session.reconnect_backoff': 'linear', 'session.health_check_interval': 10});
		expect(policy).toMatchObject({pingIntervalMs: 5000, maxAttempts: 3, backoff: 'linear', healthCheckIntervalMs: 10_000});
	});

	it('turns the heartbeat off with keep_alive false', () => {
		expect(policyFrom({'session.keep_alive': false}).pingIntervalMs).toBe(0);
	});
});

describe('the embedded gateway’s agent, as a client sees it', () => {
	const io = (env: NodeJS.ProcessEnv, stderr: string[]) => ({
		stdout: process.stdout,
		stdin: process.stdin,
		stderr: {write: (chunk: string) => stderr.push(chunk) > 0} as unknown as NodeJS.WritableStream,
		env,
	});

	async function environment(config: Record<string, unknown> = {}) {
		const root = await tempDir();
		const env = {TETHER_CONFIG_DIR: path.join(root, 'config'), TETHER_GATEWAY_DIR: path.join(root, 'gateway'), HOME: root};
		await mkdir(env.TETHER_CONFIG_DIR, {recursive: true});
		await writeFile(path.join(env.TETHER_CONFIG_DIR, 'config.json'), JSON.stringify(config));
		return env;
	}

	it('names it in the status line’s gateway: the offline echo, the configured model, or the URL of a remote gateway', async () => {
		expect(await createContext({}, io(await environment(), [])).gatewayTitle()).toBe('embedded · offline echo');
		const configured = await environment({'agent.base_url': 'http://127.0.0.1:11434/v1', 'agent.model': 'llama3.2'});
		expect(await createContext({}, io(configured, [])).gatewayTitle()).toBe('embedded · llama3.2 @ 127.0.0.1:11434');
		expect(await createContext({gateway: 'ws://127.0.0.1:1'}, io(configured, [])).gatewayTitle()).toBe('ws://127.0.0.1:1');
	});

	it('reads the agent settings again each time: a client left running sees the ones set since', async () => {
		const env = await environment();
		const context = createContext({}, io(env, []));
		expect(context.agentSettings()).toEqual({kind: 'offline'});
		await writeFile(path.join(env.TETHER_CONFIG_DIR, 'config.json'), JSON.stringify({'agent.base_url': 'http://127.0.0.1:11434/v1', 'agent.model': 'llama3.2'}));
		expect(context.agentSettings()).toMatchObject({kind: 'openai', model: 'llama3.2'});
		expect(await context.gatewayTitle()).toBe('embedded · llama3.2 @ 127.0.0.1:11434');
	});

	it('names the agent the running gateway recorded, and says once, through warn, that the settings differ', async () => {
		const env = await environment({'agent.base_url': 'http://127.0.0.1:11434/v1', 'agent.model': 'llama3.2'});
		const gateway = await testGateway({dataDir: env.TETHER_GATEWAY_DIR});
		// This process stands for the running gateway: its pid is alive and the port answers.
		await writeDaemonState(env.TETHER_GATEWAY_DIR, {pid: process.pid, host: '127.0.0.1', port: gateway.port, agent: recordedAgent({kind: 'offline'})});
		const stderr: string[] = [];
		const context = createContext({}, io(env, stderr));
		expect(await context.gatewayTitle()).toBe('embedded · offline echo');
		const warned: string[] = [];
		context.warn = line => warned.push(line);
		await context.endpoint();
		await context.endpoint();
		expect(warned).toEqual(['the embedded gateway runs offline echo, but your settings ask for llama3.2 @ 127.0.0.1:11434: tether serve --restart restarts it with yours']);
		expect(stderr).toEqual([]);
	});
});
