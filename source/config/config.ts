/** The config file (conf), validated key by key; errors name the key. */
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type {ZodType} from 'zod';
import {UsageError} from '../errors.js';
import {defaultConfigDir} from '../store/location.js';
import {check} from '../protocol/frames.js';
import {closeNames} from '../store/names.js';
import {configKeys, isConfigKey, type ConfigKey, type ConfigValues} from './keys.js';

export class Config {
	readonly #store: Conf<Record<string, unknown>>;

	constructor(directory = defaultConfigDir()) {
		mkdirSync(directory, {recursive: true, mode: 0o700});
		this.#store = new Conf({projectName: 'tether', cwd: directory, configFileMode: 0o600, accessPropertiesByDotNotation: false});
	}

	get path(): string {
		return this.#store.path;
	}

	/** Where secrets besides the config file live too: the device identity and device tokens. */
	get directory(): string {
		return path.dirname(this.#store.path);
	}

	/** Every valid value in the file; a value edited by hand into something invalid is reported, not used. */
	values(): ConfigValues {
		const values: Record<string, unknown> = {};
		for (const [key, raw] of Object.entries(this.#store.store)) {
			values[key] = parseValue(key, raw);
		}

		return values as ConfigValues;
	}

	get(key: string): unknown {
		return this.values()[knownKey(key)];
	}

	set(key: string, raw: string): void {
		this.#store.set(knownKey(key), parseValue(key, raw));
	}

	unset(key: string): void {
		this.#store.delete(knownKey(key));
	}
}

function knownKey(key: string): ConfigKey {
	if (!isConfigKey(key)) {
		const close = closeNames(key, Object.keys(configKeys));
		throw new UsageError(`unknown config key ${key}${close.length > 0 ? ` (did you mean ${close.join(', ')}?)` : ''}; see tether config --help`);
	}

	return key;
}

function parseValue(key: string, raw: unknown): unknown {
	const known = knownKey(key);
	const schema: ZodType = configKeys[known].schema;
	const result = check(schema, raw, `value for ${known}`);
	if (!result.ok) {
		throw new UsageError(`${result.reason} (${configKeys[known].help})`);
	}

	return result.value;
}
