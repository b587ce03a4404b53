/**
 * Every command's name, in the order help lists them. Apart from registry.ts so that help, its table and
 * completion can name commands without importing the registry, which loads them (and so imports completion).
 */
export const commandNames = [
	'create',
	'attach',
	'session',
	'ls',
	'browse',
	'send',
	'show',
	'recall',
	'search',
	'export',
	'stats',
	'rename',
	'archive',
	'rm',
	'restore',
	'recover',
	'serve',
	'service',
	'config',
	'doctor',
	'completion',
] as const;

export type CommandName = (typeof commandNames)[number];

export function isCommandName(name: string): name is CommandName {
	return (commandNames as readonly string[]).includes(name);
}
