/** `tether service`: against a recorded, scripted systemctl/launchctl; the real service manager is never touched. */
import {spawn, type ChildProcess} from 'node:child_process';
import {access, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createContext} from '../../source/commands/context.js';
import {restartEmbedded} from '../../source/commands/serve-restart.js';
import {serviceCommand, serviceSpec} from '../../source/commands/service.js';
import {recordedAgent} from '../../source/gateway/agent-settings.js';
import {readDaemonState, writeDaemonState} from '../../source/gateway/daemon.js';
import {writeHealth} from '../../source/gateway/health.js';
import {launchdPlist, systemdUnit} from '../../source/gateway/service-files.js';
import type {Host, RunResult, ServiceManager} from '../../source/gateway/service-manager.js';
import {freePort, onCleanup, patience, tempDir, tetherDirs, waitFor} from '../helpers.js';

const now = Date.parse('2026-11-30T04:02:05Z');

/** A fake service manager: answers each command by its first words, records every call. */
function fakeRunner(answers: Record<string, Partial<RunResult>> = {}) {
	const calls: string[] = [];
	const run = async (command: string, args: readonly string[]): Promise<RunResult> => {
		const line = [command, ...args].join(' ');
		calls.push(line);
		const key = Object.keys(answers).find(prefix => line.startsWith(prefix));
		return {code: 0, stdout: '', stderr: '', ...(key && answers[key])};
	};

	return {run, calls};
}

async function setup(platform: NodeJS.Platform, answers: Record<string, Partial<RunResult>> = {}, config: Record<string, unknown> = {}) {
	const home = await tempDir();
	// Not cliEnvironment(): the service reads its host's environment, and this one holds nothing of the caller's.
	const env = {HOME: home, ...tetherDirs(home), XDG_CONFIG_HOME: path.join(home, 'xdg')};
	await mkdir(env.TETHER_CONFIG_DIR, {recursive: true});
	await writeFile(path.join(env.TETHER_CONFIG_DIR, 'config.json'), JSON.stringify(config));
	const out: string[] = [];
	const err: string[] = [];
	const io = {
		stdout: {write: (chunk: string) => out.push(chunk) > 0} as unknown as NodeJS.WritableStream,
		stderr: {write: (chunk: string) => err.push(chunk) > 0} as unknown as NodeJS.WritableStream,
		stdin: process.stdin,
		env,
	};
	const context = createContext({}, io);
	const {run, calls} = fakeRunner(answers);
	const host: Host = {platform, home, uid: 501, env};
	const command = serviceCommand({host: () => host, run, now: () => now});
	const service = async (verb: string) => command.run({positionals: [verb], values: {}}, () => context);
	return {service, calls, out, err, env, home, context};
}

const hasUserManager = {'systemctl --user show-environment': {code: 0}};

describe('tether service on Linux (systemd user unit)', () => {
	it('installs: writes the unit, reloads, enables and starts it', async () => {
		const {service, calls, out, env, context} = await setup('linux', hasUserManager);
		expect(await service('install')).toBe(0);
		const file = path.join(env.XDG_CONFIG_HOME, 'systemd', 'user', 'tether-gateway.service');
		expect(await readFile(file, 'utf8')).toBe(systemdUnit(serviceSpec(context, 'systemd')));
		expect(await readFile(file, 'utf8')).toContain(`Environment=TETHER_SERVICE=systemd TETHER_CONFIG_DIR=${env.TETHER_CONFIG_DIR}`);
		expect(calls).toEqual([
			'systemctl --user show-environment',
			'systemctl --user daemon-reload',
			'systemctl --user enable tether-gateway.service',
			'systemctl --user restart tether-gateway.service',
		]);
		expect(out.join('')).toBe(
			`installed the systemd user unit ${file}: the embedded gateway runs now, at every login, and again after a crash\nto keep it running while you are logged out: loginctl enable-linger\n`,
		);
	});

	it('refuses to install a service whose agent settings cannot start, before writing anything', async () => {
		const {service, calls, env} = await setup('linux', hasUserManager, {'agent.base_url': 'http://127.0.0.1:11434/v1'});
		await expect(service('install')).rejects.toThrow('no model: tether config set agent.model NAME');
		expect(calls).toEqual(['systemctl --user show-environment']);
		await expect(access(path.join(env.XDG_CONFIG_HOME, 'systemd'))).rejects.toThrow(/ENOENT/);
	});

	it('reports a failing systemctl in one line with its own words', async () => {
		const {service} = await setup('linux', {...hasUserManager, 'systemctl --user enable': {code: 1, stderr: 'Failed to enable unit: Unit file is masked.\n'}});
		await expect(service('install')).rejects.toThrow('systemctl --user enable tether-gateway.service failed (exit 1): Failed to enable unit: Unit file is masked.');
	});

	it('says whether it runs, since when, which agent, and the last health check', async () => {
		const {service, out, env} = await setup('linux', {
			...hasUserManager,
			'systemctl --user show': {stdout: 'LoadState=loaded\nUnitFileState=enabled\nActiveState=active\nMainPID=4242\n'},
		});
		await mkdir(env.TETHER_GATEWAY_DIR, {recursive: true});
		const agent = recordedAgent({kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2', apiKeyEnv: 'OPENAI_API_KEY', origin: 'config agent.base_url'});
		await writeDaemonState(env.TETHER_GATEWAY_DIR, {pid: process.pid, host: '127.0.0.1', port: 18_780, startedAt: Date.parse('2026-11-30T04:00:00Z'), agent, supervisor: 'systemd'});
		await writeHealth(env.TETHER_GATEWAY_DIR, {at: now - 12_000, ok: true, checks: [{name: 'agent', ok: true, detail: ''}, {name: 'data dir', ok: true, detail: ''}, {name: 'disk', ok: true, detail: ''}]});
		expect(await service('status')).toBe(0);
		const file = path.join(env.XDG_CONFIG_HOME, 'systemd', 'user', 'tether-gateway.service');
		expect(out.join('').split('\n')).toEqual([
			`service  systemd user unit ${file} (starts at login, running, pid 4242)`,
			`gateway  running since 2026-11-30 04:00:00 UTC (2 min 5 s), by systemd, pid ${process.pid}, 127.0.0.1:18780`,
			'agent    embedded · llama3.2 @ 127.0.0.1:11434',
			'health   ok 12 s ago (agent, data dir, disk)',
			'',
		]);
	});

	it('says when it is not installed and nothing runs (exit 1)', async () => {
		const {service, out} = await setup('linux', {...hasUserManager, 'systemctl --user show': {stdout: 'LoadState=not-found\nUnitFileState=\nActiveState=inactive\nMainPID=0\n'}});
		expect(await service('status')).toBe(1);
		expect(out.join('')).toBe(
			'service  not installed (tether service install sets up the systemd user unit); the embedded gateway starts on demand\ngateway  not running\n',
		);
	});

	it('uninstalls: stops and disables it, removes the unit, reloads', async () => {
		const {service, calls, out, env} = await setup('linux', {...hasUserManager, 'systemctl --user show': {stdout: 'LoadState=loaded\nActiveState=active\n'}});
		expect(await service('install')).toBe(0);
		calls.length = 0;
		expect(await service('uninstall')).toBe(0);
		const file = path.join(env.XDG_CONFIG_HOME, 'systemd', 'user', 'tether-gateway.service');
		await expect(access(file)).rejects.toThrow(/ENOENT/);
		expect(calls).toEqual([
			'systemctl --user show-environment',
			'systemctl --user show tether-gateway.service --property=LoadState,UnitFileState,ActiveState,MainPID',
			'systemctl --user show tether-gateway.service --property=LoadState,UnitFileState,ActiveState,MainPID',
			'systemctl --user disable --now tether-gateway.service',
			'systemctl --user daemon-reload',
		]);
		expect(out.at(-1)).toBe(`removed the systemd user unit ${file}; the embedded gateway starts on demand again\n`);
	});
});

describe('tether service on macOS (launchd agent)', () => {
	it('installs the plist in ~/Library/LaunchAgents and bootstraps it in the user’s GUI domain', async () => {
		const {service, calls, home, context} = await setup('darwin');
		expect(await service('install')).toBe(0);
		const file = path.join(home, 'Library', 'LaunchAgents', 'dev.tether.gateway.plist');
		expect(await readFile(file, 'utf8')).toBe(launchdPlist(serviceSpec(context, 'launchd')));
		expect(calls).toEqual(['launchctl bootout gui/501/dev.tether.gateway', `launchctl bootstrap gui/501 ${file}`]);
	});

	it('reads launchctl print for status, and boots it out on uninstall', async () => {
		const {service, calls, out, home} = await setup('darwin', {'launchctl print': {stdout: 'gui/501/dev.tether.gateway = {\n\tactive count = 1\n\tstate = running\n\tpid = 777\n}\n'}});
		expect(await service('status')).toBe(1);
		const file = path.join(home, 'Library', 'LaunchAgents', 'dev.tether.gateway.plist');
		expect(out[0]).toBe(`service  launchd agent ${file} (starts at login, running, pid 777)\ngateway  not running\n`);
		calls.length = 0;
		expect(await service('uninstall')).toBe(0);
		expect(calls).toEqual(['launchctl print gui/501/dev.tether.gateway', 'launchctl bootout gui/501/dev.tether.gateway']);
	});
});

describe('tether service where there is no service manager', () => {
	const fallback =
		'no service manager here (neither a systemd user instance nor launchd): the embedded gateway keeps starting on demand, in the background, with the first attach or send';

	it('says the gateway stays on demand when systemctl --user reaches no user instance (a container, WSL1)', async () => {
		const {service, calls, err, out} = await setup('linux', {'systemctl --user show-environment': {code: 1, stderr: 'Failed to connect to bus: No medium found'}});
		expect(await service('install')).toBe(1);
		expect(err).toEqual([`tether: ${fallback}\n`]);
		expect(await service('status')).toBe(1);
		expect(out.join('')).toBe(`service  ${fallback}\ngateway  not running\n`);
		expect(calls.every(call => call === 'systemctl --user show-environment')).toBe(true);
	});

	it('asks nothing of any program on another system', async () => {
		const {service, calls} = await setup('win32');
		expect(await service('uninstall')).toBe(1);
		expect(calls).toEqual([]);
	});

	it('refuses an unknown verb with its usage', async () => {
		const {service} = await setup('linux');
		await expect(service('start')).rejects.toThrow('usage: tether service install | uninstall | status');
	});
});

describe('serve --restart of a gateway that a service manager runs', () => {
	it('asks the manager to restart it, waits for the new one, and says the service reads the config, not this shell', async () => {
		const {env, context, out, err} = await setup('linux', {}, {});
		await writeFile(path.join(env.TETHER_CONFIG_DIR, 'config.json'), JSON.stringify({'embedded.port': await freePort()}));
		const serviceEnv = {HOME: env.HOME, PATH: process.env.PATH, TETHER_SERVICE: 'systemd', TETHER_CONFIG_DIR: env.TETHER_CONFIG_DIR};
		const args = [path.resolve('bin/tether.js'), 'serve', '--data-dir', env.TETHER_GATEWAY_DIR];
		const children: ChildProcess[] = [];
		const start = () => {
			const child = spawn(process.execPath, args, {env: serviceEnv, stdio: 'ignore'});
			children.push(child);
			return child;
		};

		onCleanup(async () => {
			await Promise.all(
				children
					.filter(child => child.exitCode === null && child.signalCode === null)
					.map(async child => {
						const exited = new Promise(resolve => child.once('exit', resolve));
						child.kill('SIGKILL');
						await exited;
					}),
			);
		});
		const first = start();
		await waitFor(async () => (await readDaemonState(env.TETHER_GATEWAY_DIR))?.pid === first.pid, 'the service’s gateway runs');

		const restarts: string[] = [];
		const manager = {
			kind: 'systemd',
			async restart() {
				restarts.push('restart');
				const exited = new Promise(resolve => first.once('exit', resolve));
				first.kill('SIGTERM');
				await exited;
				start();
			},
		} as ServiceManager;
		context.io.env.TETHER_OPENAI_BASE_URL = 'http://127.0.0.1:11434/v1';
		context.io.env.TETHER_MODEL = 'llama3.2';
		expect(await restartEmbedded(context, undefined, async () => manager, patience)).toBe(0);
		expect(restarts).toEqual(['restart']);
		const second = children[1]!;
		expect(out.join('')).toMatch(new RegExp(`^embedded gateway restarted: offline echo on 127\\.0\\.0\\.1:\\d+ \\(pid ${second.pid}\\)\\n$`));
		expect(err).toEqual(["tether: the systemd service reads the agent from the config, not from this shell's TETHER_OPENAI_BASE_URL: tether config set agent.base_url URL\n"]);

		await expect(restartEmbedded(context, undefined, async () => undefined)).rejects.toThrow('the embedded gateway runs as a systemd service, which this shell cannot reach; restart it there');
	});
});

