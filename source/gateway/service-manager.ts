/**
 * The service manager that keeps the embedded gateway running: systemd's user instance on Linux, launchd on
 * macOS. Every call to `systemctl`/`launchctl` goes through an injected runner, so tests never touch the real one.
 */
import {execFile} from 'node:child_process';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {TetherError} from '../errors.js';
import {launchdLabel, launchdPlist, systemdUnit, systemdUnitName, type ServiceSpec} from './service-files.js';

export type RunResult = {code: number; stdout: string; stderr: string};

/** Runs a program (no shell) and reports how it ended; never throws for a non-zero exit. */
export type Runner = (command: string, args: readonly string[]) => Promise<RunResult>;

export const runProgram: Runner = async (command, args) =>
	new Promise(resolve => {
		execFile(command, args, {timeout: 30_000}, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
			resolve({code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? error.message : '')});
		});
	});

/** Where the service manager is looked for: the OS, and the user's home and ids. */
export type Host = {platform: NodeJS.Platform; home: string; uid: number; env: NodeJS.ProcessEnv};

export function currentHost(env: NodeJS.ProcessEnv): Host {
	return {platform: process.platform, home: env.HOME || os.homedir(), uid: process.getuid?.() ?? 0, env};
}

export type ServiceState = {
	/** The unit or plist is written and known to the manager. */
	installed: boolean;
	/** Enabled (systemd) or loaded (launchd): it starts at login. */
	enabled: boolean;
	running: boolean;
	pid?: number;
};

export type ServiceManager = {
	readonly kind: 'systemd' | 'launchd';
	/** `systemd user unit` / `launchd agent`. */
	readonly title: string;
	/** The unit or plist file. */
	readonly file: string;
	/** The file's text for `spec`. */
	render(spec: ServiceSpec): string;
	/** Writes the file and has the manager start it now and at every login. */
	install(spec: ServiceSpec): Promise<void>;
	/** Stops it and removes the file; nothing to do when it is not installed. */
	uninstall(): Promise<void>;
	restart(): Promise<void>;
	state(): Promise<ServiceState>;
};

export class ServiceManagerError extends TetherError {}

/**
 * The manager this host has, or undefined: systemd when `systemctl --user` reaches a user instance (Linux without
 * one, containers, WSL1 have none), launchd on macOS.
 */
export async function findServiceManager(host: Host, run: Runner = runProgram): Promise<ServiceManager | undefined> {
	if (host.platform === 'darwin') {
		return launchd(host, run);
	}

	if (host.platform === 'linux') {
		const probe = await run('systemctl', ['--user', 'show-environment']);
		return probe.code === 0 ? systemd(host, run) : undefined;
	}

	return undefined;
}

/** Runs a manager command that must succeed, or throws its own words. */
async function must(run: Runner, command: string, args: readonly string[]): Promise<RunResult> {
	const result = await run(command, args);
	if (result.code !== 0) {
		const said = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
		throw new ServiceManagerError(`${command} ${args.join(' ')} failed (exit ${result.code})${said ? `: ${said}` : ''}`);
	}

	return result;
}

export function systemd(host: Host, run: Runner): ServiceManager {
	const configHome = host.env.XDG_CONFIG_HOME || path.join(host.home, '.config');
	const file = path.join(configHome, 'systemd', 'user', systemdUnitName);
	const systemctl = async (...args: string[]) => must(run, 'systemctl', ['--user', ...args]);
	return {
		kind: 'systemd',
		title: 'systemd user unit',
		file,
		render: systemdUnit,
		async install(spec) {
			await mkdir(path.dirname(file), {recursive: true});
			await writeFile(file, systemdUnit(spec), {mode: 0o644});
			await systemctl('daemon-reload');
			await systemctl('enable', systemdUnitName);
			// restart, not start: a reinstall must run the new unit.
			await systemctl('restart', systemdUnitName);
		},
		async uninstall() {
			if ((await this.state()).installed) {
				await systemctl('disable', '--now', systemdUnitName);
			}

			await rm(file, {force: true});
			await systemctl('daemon-reload');
		},
		async restart() {
			await systemctl('restart', systemdUnitName);
		},
		async state() {
			const shown = await run('systemctl', ['--user', 'show', systemdUnitName, '--property=LoadState,UnitFileState,ActiveState,MainPID']);
			const properties = new Map(shown.stdout.split('\n').map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()]));
			const pid = Number(properties.get('MainPID'));
			const running = properties.get('ActiveState') === 'active';
			return {
				installed: shown.code === 0 && properties.get('LoadState') === 'loaded',
				enabled: properties.get('UnitFileState') === 'enabled',
				running,
				...(running && pid > 0 && {pid}),
			};
		},
	};
}

export function launchd(host: Host, run: Runner): ServiceManager {
	const file = path.join(host.home, 'Library', 'LaunchAgents', `${launchdLabel}.plist`);
	const domain = `gui/${host.uid}`;
	const target = `${domain}/${launchdLabel}`;
	return {
		kind: 'launchd',
		title: 'launchd agent',
		file,
		render: launchdPlist,
		async install(spec) {
			await mkdir(path.dirname(file), {recursive: true});
			await writeFile(file, launchdPlist(spec), {mode: 0o644});
			// A loaded older plist is unloaded first: bootstrap refuses a label that is already loaded.
			await run('launchctl', ['bootout', target]);
			await must(run, 'launchctl', ['bootstrap', domain, file]);
		},
		async uninstall() {
			await run('launchctl', ['bootout', target]);
			await rm(file, {force: true});
		},
		async restart() {
			await must(run, 'launchctl', ['kickstart', '-k', target]);
		},
		async state() {
			const printed = await run('launchctl', ['print', target]);
			if (printed.code !== 0) {
				return {installed: false, enabled: false, running: false};
			}

			const pid = Number(/^\s*pid = (\d+)/m.exec(printed.stdout)?.[1]);
			const running = /^\s*state = running/m.test(printed.stdout);
			return {installed: true, enabled: true, running, ...(running && pid > 0 && {pid})};
		},
	};
}
