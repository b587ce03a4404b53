/**
 * The config file, validated key by key; errors name the key. It is read directly (every command needs it,
 * and loading conf costs 40 ms); conf writes it, atomically and private, when `tether config` changes it.
 */
import {mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {hasErrorCode, UsageError} from '../errors.js';
import {defaultConfigDir} from '../store/location.js';
import {closeNames} from '../store/names.js';
import {didYouMean} from '../text/did-you-mean.js';
import {configKeys, isConfigKey, type ConfigKey, type ConfigValues} from './keys.js';

export class Config {
	/** Where secrets besides the config file live too: the device identity and device tokens. */
	readonly directory: string;
	readonly path: string;

	constructor(directory = defaultConfigDir()) {
		this.directory = path.resolve(directory);
		this.path = path.join(this.directory, 'config.json');
	}

	/**
	 * Every valid value in the file; a value edited by hand into something invalid is reported, not used. Keys
	 * this version does not know (a newer version's, or a typo) are left out and named in `unknownKeys`.
	 */
	values(): ConfigValues {
		const values: Record<string, unknown> = {};
		const unknown: string[] = [];
		for (const [key, raw] of Object.entries(this.#read())) {
			if (isConfigKey(key)) {
				values[key] = parseValue(key, raw);
			} else {
				unknown.push(key);
			}
		}

		this.unknownKeys = unknown;
		return values;
	}

	/** The keys the last `values()` left out because this version does not know them. */
	unknownKeys: readonly string[] = [];

	get(key: string): unknown {
		return this.values()[knownKey(key)];
	}

	async set(key: string, raw: string): Promise<void> {
		(await this.#writer()).set(knownKey(key), parseValue(key, raw));
	}

	/** Removes a key; one this version does not know can be removed too, if the file has it. */
	async unset(key: string): Promise<void> {
		(await this.#writer()).delete(Object.hasOwn(this.#read(), key) ? key : knownKey(key));
	}

	#read(): Record<string, unknown> {
		let text: string;
		try {
			text = readFileSync(this.path, 'utf8');
		} catch (error) {
			if (hasErrorCode(error, 'ENOENT')) {
				return {};
			}

			throw error;
		}

		try {
			const parsed: unknown = JSON.parse(text);
			if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
				return parsed as Record<string, unknown>;
			}
		} catch {}

		throw new UsageError(`the config file ${this.path} is not a JSON object; fix it, or remove it to start over`);
	}

	async #writer() {
		this.#read(); // a damaged file is reported, not overwritten
		mkdirSync(this.directory, {recursive: true, mode: 0o700});
		const {default: Conf} = await import('conf');
		return new Conf<Record<string, unknown>>({projectName: 'tether', cwd: this.directory, configFileMode: 0o600, accessPropertiesByDotNotation: false});
	}
}

function knownKey(key: string): ConfigKey {
	if (!isConfigKey(key)) {
		const close = closeNames(key, Object.keys(configKeys));
		throw new UsageError(`unknown config key ${key}${didYouMean(close)}; see tether config --help`);
	}

	return key;
}

function parseValue(key: string, raw: unknown): unknown {
	const known = knownKey(key);
	const result = configKeys[known].parse(raw);
	if (!result.ok) {
		throw new UsageError(`invalid value for ${known}: ${result.reason} (${configKeys[known].help})`);
	}

	return result.value;
}
