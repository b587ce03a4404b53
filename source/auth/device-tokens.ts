/**
 * Device tokens a gateway issued to this device, one per gateway URL, kept in the config directory (0600).
 * With one stored, Tether can connect without the shared token.
 */
import {z} from 'zod';
import {check} from '../protocol/frames.js';
import {readPrivateJson, writePrivateJson} from './private-file.js';

const entrySchema = z.object({deviceId: z.string(), token: z.string().min(1), role: z.string(), scopes: z.array(z.string()), issuedAt: z.string()});
const fileSchema = z.record(z.string(), entrySchema);
export type DeviceTokenEntry = z.infer<typeof entrySchema>;

export const deviceTokensFileName = 'device-tokens.json';

/** Gateways are told apart by origin: the same gateway reached by another path is still the same gateway. */
export function gatewayKey(url: string): string {
	const parsed = new URL(url);
	return `${parsed.protocol}//${parsed.host}`;
}

export class DeviceTokens {
	constructor(private readonly file: string) {}

	async get(url: string, deviceId: string): Promise<string | undefined> {
		const entry = (await this.#all())[gatewayKey(url)];
		return entry?.deviceId === deviceId ? entry.token : undefined;
	}

	/** Whether the gateway at `url` issued a token to any device here (doctor: without loading the identity). */
	async has(url: string): Promise<boolean> {
		return (await this.#all())[gatewayKey(url)] !== undefined;
	}

	async save(url: string, entry: DeviceTokenEntry): Promise<void> {
		const all = await this.#all();
		if (all[gatewayKey(url)]?.token !== entry.token) {
			await writePrivateJson(this.file, {...all, [gatewayKey(url)]: entry});
		}
	}

	async forget(url: string): Promise<void> {
		const {[gatewayKey(url)]: _forgotten, ...rest} = await this.#all();
		await writePrivateJson(this.file, rest);
	}

	async #all(): Promise<Record<string, DeviceTokenEntry>> {
		const parsed = check(fileSchema, (await readPrivateJson(this.file)) ?? {}, 'device tokens');
		return parsed.ok ? parsed.value : {};
	}
}
