/** Where sessions and the embedded gateway's data live. */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import envPaths from 'env-paths';

const platform = envPaths('tether', {suffix: ''});

/** The package root: two levels above dist/store/. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `--sessions-dir` > `TETHER_SESSIONS_DIR` > config `sessionsDir` > the checkout's `sessions/` > the platform data dir. */
export function resolveSessionsDir(flag: string | undefined, configured: string | undefined, env = process.env): string {
	const chosen = flag ?? env.TETHER_SESSIONS_DIR ?? configured;
	if (chosen) {
		return path.resolve(chosen);
	}

	const checkout = path.join(packageRoot, 'sessions');
	return existsSync(checkout) ? checkout : path.join(platform.data, 'sessions');
}

/** `--data-dir` > `TETHER_GATEWAY_DIR` > the platform data dir. */
export function resolveGatewayDir(flag: string | undefined, env = process.env): string {
	return path.resolve(flag ?? env.TETHER_GATEWAY_DIR ?? path.join(platform.data, 'gateway'));
}

export function defaultConfigDir(env = process.env): string {
	return path.resolve(env.TETHER_CONFIG_DIR ?? platform.config);
}
