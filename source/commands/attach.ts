/** `tether create`, `tether attach`, and the OpenClaw-style `tether session create|attach`. */
import {UsageError} from '../errors.js';
import {type Command, sessionName, text} from './command.js';
import {openSession} from './open-session.js';

export const create: Command = {
	name: 'create',
	summary: 'create a session and attach to it',
	usage: 'create NAME [-d]',
	details: 'Without a terminal (or with --detach) the session file is only created, and its path printed.',
	options: {detach: {type: 'boolean', short: 'd'}},
	optionHelp: {detach: 'create the session without attaching'},
	async run({positionals, values}, context) {
		const name = sessionName(positionals, this.usage);
		return openSession(context(), name, 'create', {detach: values.detach === true});
	},
};

export const attach: Command = {
	name: 'attach',
	summary: 'reattach to a session: its saved transcript at once, then live',
	usage: 'attach NAME [--create] [--at MESSAGE_ID] [-d | --read-only]',
	details:
		'A session the gateway has but this machine does not (see tether ls) is attached from the gateway\'s history. A session open in another terminal is taken over with -d (that terminal saves and detaches, as tmux attach -d), or watched with --read-only.',
	options: {create: {type: 'boolean'}, at: {type: 'string'}, 'take-over': {type: 'boolean', short: 'd'}, 'read-only': {type: 'boolean', short: 'r'}},
	optionHelp: {
		create: 'create the session if it does not exist',
		at: 'open at a message (ids come from tether recall)',
		'take-over': 'detach the terminal that has the session open, and attach here',
		'read-only': 'watch the session live without writing (beside the terminal that has it open)',
	},
	async run({positionals, values}, context) {
		const name = sessionName(positionals, this.usage);
		const at = text(values.at);
		return openSession(context(), name, values.create === true ? 'attach-or-create' : 'attach', {
			...(at && {at}),
			takeOver: values['take-over'] === true,
			readOnly: values['read-only'] === true,
		});
	},
};

export const session: Command = {
	name: 'session',
	summary: 'OpenClaw-style spellings: session create --name NAME, session attach NAME',
	usage: 'session create --name NAME [--persist] [-d] | session attach NAME [-d | --read-only]',
	details: 'Sessions always persist; --persist is accepted for compatibility with OpenClaw. As in tmux, -d means create without attaching, and attach taking the session over from another terminal.',
	options: {name: {type: 'string'}, persist: {type: 'boolean'}, detach: {type: 'boolean', short: 'd'}, 'read-only': {type: 'boolean', short: 'r'}},
	optionHelp: {
		name: 'session name (create)',
		persist: 'accepted; every session is saved',
		detach: 'create: without attaching; attach: detach the other terminal that has it open',
		'read-only': 'attach: watch the session live without writing',
	},
	async run({positionals, values}, context) {
		const [verb, ...rest] = positionals;
		if (verb === 'create') {
			const name = text(values.name) ?? rest[0];
			if (!name || rest.length > (text(values.name) ? 0 : 1)) {
				throw new UsageError(`expected a session name; usage: tether ${this.usage}`);
			}

			return openSession(context(), name, 'create', {detach: values.detach === true});
		}

		if (verb === 'attach') {
			const name = sessionName(rest, this.usage);
			return openSession(context(), name, 'attach', {takeOver: values.detach === true, readOnly: values['read-only'] === true});
		}

		throw new UsageError(`unknown session command ${verb ?? '(none)'}; usage: tether ${this.usage}`);
	},
};
