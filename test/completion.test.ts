import {execFile} from 'node:child_process';
import {chmod, mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {patience, tempDir, testGateway, testToken} from './helpers.js';

const run = promisify(execFile);
const bin = path.resolve('bin/tether.js');

let root: string;
let env: NodeJS.ProcessEnv;

/** Three saved sessions, `tether` on PATH and the bash script, in a temp dir (removed after each test). */
async function setup(): Promise<void> {
	root = await tempDir();
	// `tether` on PATH, as the scripts call it for session names.
	await mkdir(path.join(root, 'bin'));
	await writeFile(path.join(root, 'bin', 'tether'), `#!/bin/sh\nexec '${process.execPath}' '${bin}' "$@"\n`);
	await chmod(path.join(root, 'bin', 'tether'), 0o755);
	await mkdir(path.join(root, 'sessions'));
	for (const name of ['alpha', 'alpine', 'beta']) {
		await writeFile(path.join(root, 'sessions', `${name}.json`), '{}');
	}

	env = {
		...process.env,
		PATH: `${path.join(root, 'bin')}:${process.env.PATH}`,
		TETHER_CONFIG_DIR: path.join(root, 'config'),
		TETHER_SESSIONS_DIR: path.join(root, 'sessions'),
		TETHER_GATEWAY_URL: '',
	};
	const {stdout} = await run('tether', ['completion', 'bash'], {env, timeout: patience});
	await writeFile(path.join(root, 'tether.bash'), stdout);
}

/** What bash offers for the command line `line`, the cursor at its end (as when Tab is pressed). */
async function complete(line: string): Promise<string[]> {
	const script = `source "$1"; COMP_LINE="$2"; read -ra COMP_WORDS <<< "$2"; [[ $2 == *' ' ]] && COMP_WORDS+=(""); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _tether; printf '%s\\n' "\${COMPREPLY[@]}"`;
	const {stdout} = await run('bash', ['-c', script, 'bash', path.join(root, 'tether.bash'), line], {env, timeout: patience});
	return stdout.split('\n').filter(Boolean).toSorted();
}

describe('shell completion', () => {
	it('completes commands, their flags, and the sessions saved here, in bash', async () => {
		await setup();
		expect(await complete('tether ')).toEqual(expect.arrayContaining(['attach', 'send', 'show', 'ls', 'completion', 'help']));
		expect(await complete('tether at')).toEqual(['attach']);
		expect(await complete('tether attach al')).toEqual(['alpha', 'alpine']);
		expect(await complete('tether send ')).toEqual(['alpha', 'alpine', 'beta']);
		expect(await complete('tether send alpha h')).toEqual([]);
		expect(await complete('tether show --la')).toEqual(['--last']);
		expect(await complete('tether show alpha --')).toEqual(expect.arrayContaining(['--json', '--last', '--gateway', '--help']));
		expect(await complete('tether --gateway ws://h:1 rm b')).toEqual(['beta']);
		expect(await complete('tether session attach a')).toEqual(['alpha', 'alpine']);
		expect(await complete('tether completion ')).toEqual(['bash', 'fish', 'zsh']);
	});

	it('completes the gateway\'s session names as ls last listed them, without asking the gateway', async () => {
		await setup();
		const gateway = await testGateway({dataDir: await tempDir()});
		await gateway.chat.send('agent:main:telegram-42', 'sent from telegram', 'tg-1');
		await gateway.chat.send('agent:ops:deploys', 'deploy finished', 'ops-1');
		const remote = {...env, TETHER_GATEWAY_URL: gateway.url, OPENCLAW_GATEWAY_TOKEN: testToken};
		// Never listed: only the local names, and no connection is tried.
		const before = await run('bash', ['-c', `source "$1"; COMP_WORDS=(tether attach ""); COMP_CWORD=2; _tether; printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', path.join(root, 'tether.bash')], {env: remote, timeout: patience});
		expect(before.stdout.split('\n').filter(Boolean).toSorted()).toEqual(['alpha', 'alpine', 'beta']);
		await run('tether', ['ls'], {env: remote, timeout: patience});
		env = remote;
		expect(await complete('tether attach ')).toEqual(['agent:ops:deploys', 'alpha', 'alpine', 'beta', 'telegram-42']);
		expect(await complete('tether attach tel')).toEqual(['telegram-42']);
		// Listed from one gateway, they are not offered for another.
		await gateway.close();
		env = {...remote, TETHER_GATEWAY_URL: 'ws://127.0.0.1:9'};
		expect(await complete('tether show ')).toEqual(['alpha', 'alpine', 'beta']);
	});

	it('prints zsh and fish scripts, and refuses a shell it has none for', async () => {
		await setup();
		const zsh = (await run('tether', ['completion', 'zsh'], {env, timeout: patience})).stdout;
		expect(zsh).toContain('bashcompinit');
		expect(zsh).toContain('complete -o default -F _tether tether');
		const fish = (await run('tether', ['completion', 'fish'], {env, timeout: patience})).stdout;
		expect(fish).toContain("complete -c tether -n __fish_use_subcommand -a attach -d 'reattach");
		expect(fish).toContain("-a '(tether completion --sessions 2>/dev/null)'");
		const refused = await run('tether', ['completion', 'tcsh'], {env, timeout: patience}).catch((error: unknown) => error as {code: number; stderr: string});
		expect(refused).toMatchObject({code: 2, stderr: 'tether: no completion for tcsh; usage: tether completion bash|zsh|fish\n'});
	});
});
