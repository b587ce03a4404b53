/** The figures of issue 5, each measured the way a user meets it. Every function returns {name, value, unit, target, ok, detail?}. */
import {spawn, spawnSync} from 'node:child_process';
import {readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {sessionData, writeSession} from './generate.js';
import {bin, environment, freePort, median, repeat, tempDir, timeCommand, timeToScreen, tmuxAvailable} from './measure.js';

const tether = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)}`;

function figure(name, value, unit, target, ok, detail) {
	return {name, value: Math.round(value * 10) / 10, unit, target, ok, ...(detail && {detail})};
}

/** 1. Reattach: process start to the first frame showing the last message; the JSON.parse floor beside it. */
export async function reattach(runs) {
	if (!tmuxAvailable()) {
		return [figure('reattach', Number.NaN, 'ms', 'tmux needed (apt-get install tmux)', false)];
	}

	const root = await tempDir();
	const env = await environment(root);
	const results = [];
	const times = {};
	try {
		for (const count of [1000, 10_000, 50_000]) {
			const file = await writeSession(env.TETHER_SESSIONS_DIR, `s${count}`, count);
			const ms = await repeat(runs, async () => {
				const shown = await timeToScreen(`${tether} attach s${count}`, env, `LAST-MESSAGE-${count}`);
				shown.close();
				await delay(300); // let the killed client release its lock
				return shown.ms;
			});
			const floor = await repeat(runs, async () => {
				const started = performance.now();
				spawnSync(process.execPath, ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`]);
				return performance.now() - started;
			});
			times[count] = ms;
			const target = count === 10_000 ? '≤ 250 ms' : 'sub-linear';
			const ok = count === 10_000 ? ms <= 250 : true;
			results.push(figure(`reattach ${count / 1000}k messages`, ms, 'ms', target, ok, `floor (node -e JSON.parse): ${Math.round(floor)} ms, ratio ${(ms / floor).toFixed(2)}`));
		}

		const growth = times[50_000] / times[1000];
		results.push(figure('reattach growth 1k → 50k', growth, '×', '< 50× (sub-linear)', growth < 50));
	} finally {
		spawnSync(process.execPath, [bin, 'serve', '--stop'], {env, stdio: 'ignore'});
		await rm(root, {recursive: true, force: true});
	}

	return results;
}

/** 6. Startup: `tether --version`, and `tether ls` over 200 sessions. */
export async function startup(runs) {
	const root = await tempDir();
	const env = await environment(root);
	try {
		for (let i = 0; i < 200; i++) {
			await writeSession(env.TETHER_SESSIONS_DIR, `session-${i}`, 20 + (i % 50), i);
		}

		const version = await repeat(runs * 2, async () => timeCommand(['--version'], env));
		const ls = await repeat(runs * 2, async () => timeCommand(['ls'], env));
		return [figure('startup tether --version', version, 'ms', '≤ 150 ms', version <= 150), figure('startup tether ls (200 sessions)', ls, 'ms', '≤ 300 ms', ls <= 300)];
	} finally {
		await rm(root, {recursive: true, force: true});
	}
}
