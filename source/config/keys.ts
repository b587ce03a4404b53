/** Every configuration key Tether knows, with its validation and help; OpenClaw's own `session.*` keys as they are. */
import {z} from 'zod';

type KeySpec = {schema: z.ZodType; help: string; secret?: boolean};

const seconds = (max: number) => z.coerce.number().int().min(1).max(max);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform(value => value === 'true')]);

export const configKeys = {
	'gateway.url': {
		schema: z.string().regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL'),
		help: 'gateway to connect to (default: the embedded gateway)',
	},
	'gateway.token': {schema: z.string().min(1), help: 'shared gateway token', secret: true},
	'gateway.tls_fingerprint': {
		schema: z.string().regex(/^(sha-?256[:/])?([0-9a-f]{2}:?){32}$/i, 'must be a SHA-256 fingerprint (64 hex digits, colons allowed)'),
		help: 'SHA-256 of a self-signed wss:// certificate to trust',
	},
	'gateway.allow_insecure': {schema: flag, help: 'allow a token over plaintext ws:// to a non-loopback host'},
	'session.keep_alive': {schema: flag, help: 'ping the gateway to detect dead links (default true)'},
	'session.ping_interval': {schema: seconds(3600), help: 'seconds between pings (default 30)'},
	'session.reconnect_attempts': {schema: seconds(10_000), help: 'attempts in one reconnect burst before going offline (default 10)'},
	'session.reconnect_backoff': {schema: z.enum(['exponential', 'linear', 'fixed']), help: 'exponential | linear | fixed (default exponential)'},
	'session.health_check_interval': {schema: seconds(86_400), help: 'seconds between round-trip measurements (default 60)'},
	sessionsDir: {schema: z.string().min(1), help: 'where session files live'},
	'embedded.port': {schema: z.coerce.number().int().min(1).max(65_535), help: 'loopback port of the embedded gateway (default 18780)'},
} satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof configKeys;
export type ConfigValues = {[K in ConfigKey]?: z.output<(typeof configKeys)[K]['schema']>};

export function isConfigKey(key: string): key is ConfigKey {
	return Object.hasOwn(configKeys, key);
}

export function isSecret(key: ConfigKey): boolean {
	const spec: KeySpec = configKeys[key];
	return spec.secret === true;
}
