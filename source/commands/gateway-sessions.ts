/** The gateway's own session roster, for ls and for attaching a session that has no local file yet. */
import {Link} from '../connection/link.js';
import {sessionsListResultSchema, type SessionRow} from '../protocol/payloads.js';
import {listSessionNames, type OpenMode} from '../store/session-store.js';
import type {Context} from './context.js';

export type GatewaySession = {key: string; name: string; updatedAt: number | undefined; preview: string | undefined};

/** A session key's local name: the part after `agent:<id>:`, made a valid session name. */
export function localNameFor(key: string): string {
	const rest = key.replace(/^agent:[^:]*:/, '');
	return rest.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 64) || 'session';
}

/** Lists the gateway's sessions, or undefined when no gateway answers within `timeoutMs` (nothing is started). */
export async function gatewaySessions(context: Context, timeoutMs = 2500): Promise<GatewaySession[] | undefined> {
	const endpoint = await context.runningEndpoint().catch(() => undefined);
	if (!endpoint) {
		return undefined;
	}

	const link = new Link({endpoint: async () => endpoint, policy: {...context.policy, maxAttempts: 0, connectTimeoutMs: timeoutMs}});
	try {
		const opened = await new Promise<boolean>(resolve => {
			link.on('state', state => {
				if (state.kind === 'open' || state.kind === 'offline' || state.kind === 'failed') {
					resolve(state.kind === 'open');
				}
			});
			link.start();
		});
		if (!opened) {
			return undefined;
		}

		const result = await link.request('sessions.list', {limit: 500}, sessionsListResultSchema);
		return result.sessions.map(row => toGatewaySession(row));
	} catch {
		return undefined;
	} finally {
		link.stop();
	}
}

function toGatewaySession(row: SessionRow): GatewaySession {
	return {key: row.key, name: localNameFor(row.key), updatedAt: row.updatedAt ?? undefined, preview: row.lastMessagePreview};
}

/** A session the gateway has but this machine does not is attached by creating its file from the gateway's history. */
export async function attachMode(context: Context, name: string): Promise<{mode: OpenMode; sessionKey?: string}> {
	if ((await listSessionNames(context.sessionsDir)).includes(name)) {
		return {mode: 'attach'};
	}

	const remote = (await gatewaySessions(context))?.find(session => session.name === name);
	return remote ? {mode: 'attach-or-create', sessionKey: remote.key} : {mode: 'attach'};
}
