/**
 * The service files: golden files, systemd's own verifier where it is installed, and the unit's command line run
 * the way systemd runs it (its environment, its working directory, no terminal) until the gateway answers.
 */
import {execFile, spawn} from 'node:child_process';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {launchdPlist, systemdQuote, systemdUnit, type ServiceSpec} from '../../source/gateway/service-files.js';
import {freePort, onCleanup, tempDir, waitFor} from '../helpers.js';
import {connectParams, ok, rawClient} from './client.js';

const golden = path.resolve('test/fixtures/service');

const spec: ServiceSpec = {
	node: '/usr/local/bin/node',
	script: '/opt/tether/bin/tether.js',
	dataDir: '/home/ada/.local/share/tether/gateway',
	environment: {TETHER_SERVICE: 'systemd', TETHER_CONFIG_DIR: '/home/ada/.config/tether'},
	logFile: '/home/ada/.local/share/tether/gateway/gateway.log',
};

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it. */
async function matchesGolden(name: string, text: string): Promise<void> {
	const file = path.join(golden, name);
	if (process.env.UPDATE_GOLDEN) {
		await writeFile(file, text);
	}

	expect(text, `${name} differs from its golden file: UPDATE_GOLDEN=1 npx vitest run test/gateway/service-files.test.ts`).toBe(await readFile(file, 'utf8'));
}

/** A unit line's words as systemd reads them: double quotes with \\ escapes, then %% and (in a command) $$ undone. */
function systemdWords(line: string, commandLine: boolean): string[] {
	const words = [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map(match => (match[1] === undefined ? match[2]! : match[1].replaceAll(/\\(.)/g, '$1')));
	return words.map(word => word.replaceAll('%%', '%').replaceAll(commandLine ? '$$' : '\u0000', '$'));
}

function unitValue(unit: string, key: string): string {
	const line = unit.split('\n').find(candidate => candidate.startsWith(`${key}=`));
	if (line === undefined) {
		throw new Error(`the unit has no ${key}=`);
	}

	return line.slice(key.length + 1);
}


const hasSystemdAnalyze = await promisify(execFile)('systemd-analyze', ['--version']).then(
	() => true,
	() => false,
);

describe('the service files', () => {
	it('write the systemd user unit as its golden file', async () => {
		await matchesGolden('tether-gateway.service', systemdUnit(spec));
	});

	it('write the launchd agent plist as its golden file', async () => {
		await matchesGolden('dev.tether.gateway.plist', launchdPlist({...spec, environment: {...spec.environment, TETHER_SERVICE: 'launchd'}}));
	});

	it('quote paths with spaces, quotes, % and $ so that systemd reads them back unchanged', () => {
		const awkward = '/home/ada/My "Files"/100% $HOME\\x';
		const unit = systemdUnit({...spec, dataDir: awkward, environment: {TETHER_CONFIG_DIR: awkward}});
		expect(systemdWords(unitValue(unit, 'ExecStart'), true)).toEqual(['/usr/local/bin/node', '/opt/tether/bin/tether.js', 'serve', '--data-dir', awkward]);
		expect(systemdWords(unitValue(unit, 'Environment'), false)).toEqual([`TETHER_CONFIG_DIR=${awkward}`]);
		expect(() => systemdQuote('/tmp/new\nline', true)).toThrow('control character');
		expect(launchdPlist({...spec, dataDir: '/a & <b>'})).toContain('<string>/a &amp; &lt;b&gt;</string>');
	});

	it.skipIf(!hasSystemdAnalyze)('pass systemd-analyze verify', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'tether-gateway.service');
		await writeFile(file, systemdUnit({...spec, node: process.execPath, script: path.resolve('bin/tether.js'), dataDir: dir}));
		const verified = await promisify(execFile)('systemd-analyze', ['verify', file]).then(
			({stderr}) => ({code: 0, stderr}),
			(error: {code: number; stderr: string}) => error,
		);
		expect(verified.stderr.split('\n').filter(line => line.includes('tether-gateway.service'))).toEqual([]);
		expect(verified.code).toBe(0);
	});

	it('run, as systemd runs the unit’s command line (its environment, its directory, no terminal), a gateway that answers', async () => {
		const home = await tempDir();
		const configDir = path.join(home, '.config', 'tether');
		const dataDir = path.join(home, '.local', 'share', 'tether', 'gateway');
		await mkdir(configDir, {recursive: true});
		await writeFile(path.join(configDir, 'config.json'), JSON.stringify({'embedded.port': await freePort()}));
		const unit = systemdUnit({node: process.execPath, script: path.resolve('bin/tether.js'), dataDir, environment: {TETHER_SERVICE: 'systemd', TETHER_CONFIG_DIR: configDir}, logFile: ''});
		const [command, ...args] = systemdWords(unitValue(unit, 'ExecStart'), true);
		const environment = Object.fromEntries(systemdWords(unitValue(unit, 'Environment'), false).map(pair => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
		expect(unitValue(unit, 'WorkingDirectory')).toBe('~');
		// A user manager's own environment: HOME, PATH, LANG and little else; no TETHER_* of the shell that installed it.
		const child = spawn(command!, args, {
			cwd: home,
			env: {HOME: home, PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', ...environment},
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		const exited = new Promise<number | null>(resolve => child.on('exit', resolve));
		onCleanup(async () => {
			child.kill('SIGKILL');
			await exited;
		});

		const stateFile = path.join(dataDir, 'gateway.json');
		// gateway.json is written in place: read it until it is whole.
		const readState = async () => readFile(stateFile, 'utf8')
				.then(text => JSON.parse(text) as {port: number; supervisor?: string; agent?: {label: string}})
				.catch(() => undefined);
		await waitFor(async () => (await readState()) !== undefined, `the gateway records itself (output so far: ${output})`);
		const state = (await readState())!;
		expect(state).toMatchObject({supervisor: 'systemd', agent: {label: 'offline echo'}});

		const client = await rawClient(`ws://127.0.0.1:${state.port}`);
		const hello = await client.request('connect', connectParams(await readFile(path.join(dataDir, 'token'), 'utf8')));
		expect(hello).toMatchObject({ok: true, payload: {type: 'hello-ok'}});
		expect((await ok(client, 'models.list', {})).models).toEqual([expect.objectContaining({id: 'echo'})]);
		await waitFor(async () => readFile(path.join(dataDir, 'health.json'), 'utf8').then(() => true, () => false), 'the first health check is written');

		// systemd stops it with SIGTERM: a clean exit (0), which Restart=on-failure does not restart.
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
