/** Where sessions and the embedded gateway's data live. */
import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';

const platform = envPaths('tether', {suffix: ''});

/** The package root: two levels above dist/store/. */
export const packageRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * `--sessions-dir` > `TETHER_SESSIONS_DIR` > config `sessionsDir` > the checkout's `sessions/` > the platform data dir.
 * A leading `~` is the home directory; a relative flag or variable is taken from the current directory, as on any
 * command line, but a relative config value from home: the config file is read from wherever tether runs.
 */
export function resolveSessionsDir(flag: string | undefined, configured: string | undefined, env = process.env): string {
	const home = env.HOME || os.homedir();
	const given = flag ?? env.TETHER_SESSIONS_DIR;
	if (given) {
		return path.resolve(expandHome(given, home));
	}

	if (configured) {
		return path.resolve(home, expandHome(configured, home));
	}

	const checkout = path.join(packageRoot, 'sessions');
	return existsSync(checkout) ? checkout : path.join(platform.data, 'sessions');
}

/** `~` and `~/…` as the home directory (a shell does it for an unquoted flag, not for a config value). */
function expandHome(dir: string, home: string): string {
	return dir === '~' || dir.startsWith('~/') || dir.startsWith(`~${path.sep}`) ? path.join(home, dir.slice(1)) : dir;
}

/** `--data-dir` > `TETHER_GATEWAY_DIR` > the platform data dir. */
export function resolveGatewayDir(flag: string | undefined, env = process.env): string {
	return path.resolve(flag ?? env.TETHER_GATEWAY_DIR ?? path.join(platform.data, 'gateway'));
}

export function defaultConfigDir(env = process.env): string {
	return path.resolve(env.TETHER_CONFIG_DIR ?? platform.config);
}
