/**
 * The names of a gateway's sessions as last listed (`ls`, `attach`, `show` ask the gateway), kept in
 * `.gateway-sessions.json` in the sessions dir for shell completion: completing a name must answer at once,
 * never wait on the network. Only a cache: unreadable means none, a failed write costs nothing but staleness.
 */
import {readFile, rename, writeFile} from 'node:fs/promises';
import path from 'node:path';

const cacheName = '.gateway-sessions.json';

/** The file's shape: by gateway (its URL, or `embedded`), when it was listed (ISO time) and the names. */
type Cache = {version: 1; gateways: Record<string, {listedAt: string; names: string[]}>};

/** Gateways remembered at most: the ones listed most recently. */
const maxGateways = 20;

async function readCache(dir: string): Promise<Cache> {
	try {
		const parsed = JSON.parse(await readFile(path.join(dir, cacheName), 'utf8')) as Partial<Cache>;
		return parsed.version === 1 && typeof parsed.gateways === 'object' && parsed.gateways !== null ? (parsed as Cache) : {version: 1, gateways: {}};
	} catch {
		return {version: 1, gateways: {}};
	}
}

/** Remembers `names` as gateway `gateway`'s sessions now. Never throws. */
export async function saveGatewayNames(dir: string, gateway: string, names: readonly string[], now = new Date()): Promise<void> {
	const cache = await readCache(dir);
	const others = Object.entries(cache.gateways)
		.filter(([label]) => label !== gateway)
		.toSorted(([, a], [, b]) => b.listedAt.localeCompare(a.listedAt))
		.slice(0, maxGateways - 1);
	const next: Cache = {version: 1, gateways: {[gateway]: {listedAt: now.toISOString(), names: [...new Set(names)].toSorted()}, ...Object.fromEntries(others)}};
	const temp = path.join(dir, `${cacheName}.${process.pid}.tmp`);
	try {
		await writeFile(temp, JSON.stringify(next), {mode: 0o600});
		await rename(temp, path.join(dir, cacheName));
	} catch {
		// No sessions dir yet, or a read-only one: completion offers the local names only.
	}
}

/** The names gateway `gateway` listed last time it was asked; none if it never was. */
export async function cachedGatewayNames(dir: string, gateway: string): Promise<string[]> {
	const names = (await readCache(dir)).gateways[gateway]?.names;
	return Array.isArray(names) ? names.filter(name => typeof name === 'string') : [];
}
