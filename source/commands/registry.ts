/**
 * Every command by name, loaded only when used: `tether --version` and `tether ls` must not pay for Ink,
 * React, markdown or the embedded gateway's validators.
 */
import type {Command} from './command.js';
import type {CommandName} from './command-names.js';

export const commandLoaders = {
	create: async () => (await import('./attach.js')).create,
	attach: async () => (await import('./attach.js')).attach,
	session: async () => (await import('./attach.js')).session,
	ls: async () => (await import('./ls.js')).ls,
	browse: async () => (await import('./browse.js')).browse,
	send: async () => (await import('./send.js')).send,
	show: async () => (await import('./show.js')).show,
	recall: async () => (await import('./recall.js')).recall,
	search: async () => (await import('./recall.js')).search,
	export: async () => (await import('./export.js')).exportCommand,
	stats: async () => (await import('./stats.js')).stats,
	rename: async () => (await import('./manage.js')).rename,
	archive: async () => (await import('./manage.js')).archive,
	rm: async () => (await import('./manage.js')).rm,
	restore: async () => (await import('./manage.js')).restore,
	recover: async () => (await import('./recover.js')).recover,
	serve: async () => (await import('./serve.js')).serve,
	service: async () => (await import('./service.js')).service,
	config: async () => (await import('./config.js')).config,
	doctor: async () => (await import('./doctor.js')).doctor,
	completion: async () => (await import('./completion.js')).completion,
} satisfies Record<CommandName, () => Promise<Command>>;

export async function loadCommand(name: CommandName): Promise<Command> {
	return commandLoaders[name]();
}
