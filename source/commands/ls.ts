/** `tether ls`: sessions by last activity, local ones first, then the gateway's that have no local file yet. */
import {UsageError} from '../errors.js';
import {loadCatalog, type SessionSummary} from '../store/catalog.js';
import {refusalReason} from '../store/errors.js';
import {trashedSessionKeys} from '../store/identity.js';
import {relativeTime} from '../text/preview.js';
import {sanitizeLine} from '../text/sanitize.js';
import {columnsOf, fitColumns, padColumns} from '../text/width.js';
import type {Command} from './command.js';
import {gatewaySessions, type GatewaySession} from '../session/gateway-sessions.js';

export const ls: Command = {
	name: 'ls',
	summary: 'list sessions by last activity, with the gateway sessions that have no local file yet',
	usage: 'ls [--all] [--json]',
	details: 'A gateway session listed under "on the gateway" is attached with tether attach NAME: its history becomes the local file.',
	options: {all: {type: 'boolean'}, json: {type: 'boolean'}},
	optionHelp: {all: 'include archived sessions', json: 'print the lists as JSON'},
	async run({positionals, values}, getContext) {
		if (positionals.length > 0) {
			throw new UsageError(`ls takes no arguments; usage: tether ${this.usage}`);
		}

		const context = getContext();
		const catalog = await loadCatalog(context.sessionsDir, {skipped: ({file, code}) => context.io.stderr.write(`tether: skipped ${sanitizeLine(file)}: ${refusalReason(code)}\n`)});
		const local = catalog.filter(summary => values.all === true || !summary.archived);
		// Archived sessions are still saved here: their gateway sessions are not "new"; removed ones are in the trash.
		const localKeys = new Set([...catalog.map(summary => summary.sessionKey ?? summary.name), ...(await trashedSessionKeys(context.sessionsDir))]);
		const localNames = new Set(catalog.map(summary => summary.name));
		const listed = await gatewaySessions(context);
		if (!listed && context.gatewayLabel !== 'embedded') {
			// The embedded gateway not running is normal; a gateway the user named not answering is news.
			context.io.stderr.write(`tether: ${sanitizeLine(context.gatewayLabel)} did not answer; its sessions are not listed\n`);
		}

		const remote = (listed ?? []).filter(session => !localKeys.has(session.key) && !localNames.has(session.name));
		if (values.json === true) {
			context.io.stdout.write(`${JSON.stringify({local, gateway: remote}, undefined, '\t')}\n`);
			return 0;
		}

		const width = context.io.stdout.columns ?? 120;
		const now = Date.now();
		const out: string[] = [];
		if (local.length === 0) {
			out.push('no sessions yet: tether create NAME');
		} else {
			out.push(...table(['NAME', 'MSGS', 'ACTIVE', 'GATEWAY', 'PREVIEW'], local.map(summary => localRow(summary, now)), width));
		}

		if (remote.length > 0) {
			out.push(
				'',
				'on the gateway, not saved here yet (tether attach NAME keeps them):',
				...table(['NAME', 'ACTIVE', 'KEY', 'PREVIEW'], remote.map(session => remoteRow(session, now)), width),
			);
		}

		context.io.stdout.write(`${out.join('\n')}\n`);
		return 0;
	},
};

function localRow(summary: SessionSummary, now: number): string[] {
	const flags = [summary.attachedPid === undefined ? '' : '● ', summary.archived ? '(archived) ' : ''].join('');
	return [
		`${flags}${sanitizeLine(summary.name)}`,
		String(summary.messages),
		relativeTime(summary.lastActivity, now),
		summary.gatewayUrl ? sanitizeLine(summary.gatewayUrl.replace(/^wss?:\/\//, '')) : '–',
		summary.damaged ?? summary.preview,
	];
}

function remoteRow(session: GatewaySession, now: number): string[] {
	return [
		session.name,
		session.updatedAt === undefined ? '–' : relativeTime(new Date(session.updatedAt).toISOString(), now),
		sanitizeLine(session.key),
		sanitizeLine(session.preview ?? ''),
	];
}

/** Left-aligned columns, measured in terminal columns (a CJK name takes two a character); the last column takes what width is left and is cut to fit. */
function table(header: string[], rows: string[][], width: number): string[] {
	const all = [header, ...rows];
	const widths = header.map((_, column) => Math.max(...all.map(row => columnsOf(row[column]!))));
	return all.map(row => {
		const fixed = row
			.slice(0, -1)
			.map((cell, column) => padColumns(cell, widths[column]!))
			.join('  ');
		return fitColumns(`${fixed}  ${row.at(-1)!}`, width).trimEnd();
	});
}
