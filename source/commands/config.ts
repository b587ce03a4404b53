/** `tether config get|set|unset|list|path`. */
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
	usage: 'config get KEY | set KEY VALUE | unset KEY | list | path',
	details: `Keys:\n${keyList}\n\nThe config directory is moved with TETHER_CONFIG_DIR. Secrets are never printed.`,
	async run({positionals}, getContext) {
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
				for (const [name, current] of Object.entries(context.values)) {
					out.write(`${name} = ${shown(name, current)}\n`);
				}

				return 0;
			}
		}
	},
};

/** A value as printed: a secret not at all, and a URL without the userinfo it may carry. */
function shown(key: string, value: unknown): string {
	return isConfigKey(key) && isSecret(key) ? '(set, hidden)' : hideUserinfo(String(value));
}
