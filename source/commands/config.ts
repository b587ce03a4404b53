/**
 * `tether config get|set|unset|list|path`. `list --json` prints `{path, values, hidden, unknown}`: the values
 * set (secrets left out), the secret keys that are set, and keys in the file this version does not know.
 */
import {UsageError} from '../errors.js';
import {configKeys, isConfigKey, isSecret} from '../config/keys.js';
import type {Command} from './command.js';
import {hideUserinfo} from '../text/url-credentials.js';

const keyList = Object.entries(configKeys)
	.map(([key, spec]) => `  ${key.padEnd(30)} ${spec.help}`)
	.join('\n');

export const config: Command = {
	name: 'config',
	summary: 'read and write settings',
	usage: 'config get KEY | set KEY VALUE | unset KEY | list [--json] | path',
	details: `Keys:\n${keyList}\n\nThe config directory is moved with TETHER_CONFIG_DIR. Secrets are never printed. list --json prints {"path": "…/config.json", "values": {KEY: VALUE}, "hidden": [secret keys that are set], "unknown": [keys this version does not know]}.`,
	options: {json: {type: 'boolean'}},
	optionHelp: {json: 'with list: print {path, values, hidden, unknown} as JSON (secrets left out of values)'},
	async run({positionals, values: flags}, getContext) {
		const [verb, key, value, ...extra] = positionals;
		const context = getContext();
		const out = context.io.stdout;
		const arity: Record<string, number> = {get: 1, set: 2, unset: 1, list: 0, path: 0};
		const expected = verb === undefined ? undefined : arity[verb];
		const given = [key, value].filter(part => part !== undefined).length;
		if (expected === undefined || given !== expected || extra.length > 0) {
			throw new UsageError(`usage: tether ${this.usage}`);
		}

		switch (verb) {
			case 'get': {
				const current = context.config.get(key!);
				out.write(`${current === undefined ? '' : shown(key!, current)}\n`);
				return current === undefined ? 1 : 0;
			}

			case 'set': {
				await context.config.set(key!, value!);
				return 0;
			}

			case 'unset': {
				await context.config.unset(key!);
				return 0;
			}

			case 'path': {
				out.write(`${context.config.path}\n`);
				return 0;
			}

			default: {
				if (flags.json === true) {
					out.write(`${JSON.stringify(listJson(context.config.path, context.values, context.config.unknownKeys), undefined, '\t')}\n`);
					return 0;
				}

				for (const [name, current] of Object.entries(context.values)) {
					out.write(`${name} = ${shown(name, current)}\n`);
				}

				return 0;
			}
		}
	},
};

/** The shape `config list --json` prints: secrets are named in `hidden`, never given; URLs lose their userinfo. */
export function listJson(file: string, values: Record<string, unknown>, unknown: readonly string[]): {path: string; values: Record<string, unknown>; hidden: string[]; unknown: string[]} {
	const entries = Object.entries(values);
	const secret = (key: string) => isConfigKey(key) && isSecret(key);
	return {path: file, values: Object.fromEntries(entries.filter(([key]) => !secret(key)).map(([key, value]) => [key, typeof value === 'string' ? hideUserinfo(value) : value])), hidden: entries.filter(([key]) => secret(key)).map(([key]) => key), unknown: [...unknown]};
}

/** A value as printed: a secret not at all, and a URL without the userinfo it may carry. */
function shown(key: string, value: unknown): string {
	return isConfigKey(key) && isSecret(key) ? '(set, hidden)' : hideUserinfo(String(value));
}
