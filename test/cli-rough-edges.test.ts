import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {patience, tempDir} from './helpers.js';

const bin = path.resolve('bin/tether.js');
const run = promisify(execFile);

type Result = {code: number; stdout: string; stderr: string};

async function environment(): Promise<NodeJS.ProcessEnv> {
	const root = await tempDir();
	return {
		...process.env,
		HOME: root,
		TETHER_CONFIG_DIR: path.join(root, 'config'),
		TETHER_SESSIONS_DIR: path.join(root, 'sessions'),
		TETHER_GATEWAY_DIR: path.join(root, 'gateway'),
		TETHER_GATEWAY_URL: '',
		OPENCLAW_GATEWAY_TOKEN: '',
		NO_COLOR: '1',
	};
}

async function tether(env: NodeJS.ProcessEnv, args: string[], options: {cwd?: string} = {}): Promise<Result> {
	try {
		const {stdout, stderr} = await run(process.execPath, [bin, ...args], {env, timeout: patience, ...options});
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failed = error as {code: number; stdout: string; stderr: string};
		return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr};
	}
}

const lines = (text: string) => text.trim().split('\n');

describe('session names', () => {
	it.each(['.x', '.catalog', '.trash'])('refuses %j, which would be hidden or Tether\'s own file, in one line', async name => {
		const env = await environment();
		for (const args of [['create', name, '-d'], ['rename', 'main', name]]) {
			const refused = await tether(env, args);
			expect(refused.code).toBe(2);
			expect(lines(refused.stderr)).toEqual([expect.stringContaining('begins with a dot')]);
		}
	});
});
