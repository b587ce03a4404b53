/** The gateway's own session roster, for ls and for attaching a session that has no local file yet. */
import {Link, type Endpoint} from '../connection/link.js';
import type {LinkPolicy} from '../connection/policy.js';
import {sessionsListResultSchema, type SessionRow} from '../protocol/payloads.js';
import {splitSessionKey} from '../protocol/session-key.js';
import {saveGatewayNames} from '../store/gateway-names.js';
import {localSessionKeys, trashedSessionKeys} from '../store/identity.js';
import {validateSessionName} from '../store/names.js';
import {listSessionNames, type OpenMode} from '../store/session-store.js';

/** What a listing needs of a command's context: the gateway if it runs (nothing is started), how to reach it, the local sessions. */
export type GatewayReach = {
	runningEndpoint: () => Promise<Endpoint | undefined>;
	policy: LinkPolicy;
	sessionsDir: string;
	/** The gateway as the user will recognise it (a URL, or "embedded"): the key its session names are cached under for completion. */
	gatewayLabel: string;
};

export type GatewaySession = {key: string; name: string; updatedAt: number | undefined; preview: string | undefined};

/**
 * The session name `tether attach` takes for gateway session `key`: for the default agent's sessions the part
 * after `agent:<id>:` made a bare name (`agent:main:telegram:42` is `telegram-42`), for another agent's the key
 * itself (`agent:ops:x`), so they cannot take the default agent's names. A key that is not a valid session name
 * (a space in it, say) falls back to the bare form.
 */
export function localNameFor(key: string, defaultAgentId = 'main'): string {
	const parts = splitSessionKey(key);
	if (parts && parts.agentId !== defaultAgentId && isValidName(key)) {
		return key;
	}

	const rest = parts?.rest ?? key;
	return rest.replaceAll(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 64) || 'session';
}

function isValidName(name: string): boolean {
	try {
		validateSessionName(name);
		return true;
	} catch {
		return false;
	}
}

/** Lists the gateway's sessions, or undefined when no gateway answers within `timeoutMs` (nothing is started). */
export async function gatewaySessions(context: GatewayReach, timeoutMs = 2500): Promise<GatewaySession[] | undefined> {
	const endpoint = await context.runningEndpoint().catch(() => undefined);
	if (!endpoint) {
		return undefined;
	}

	const link = new Link({endpoint: async () => endpoint, policy: {...context.policy, maxAttempts: 0, connectTimeoutMs: timeoutMs}});
	try {
		const opened = await new Promise<boolean>(resolve => {
			link.on('state', state => {
				// One try: a wait of any kind (even one the gateway asked for) means not now.
				if (state.kind === 'open' || state.kind === 'backoff' || state.kind === 'offline' || state.kind === 'failed') {
					resolve(state.kind === 'open');
				}
			});
			link.start();
		});
		if (!opened) {
			return undefined;
		}

		const result = await link.request('sessions.list', {limit: 500}, sessionsListResultSchema);
		const defaultAgentId = link.hello?.snapshot?.sessionDefaults?.defaultAgentId ?? 'main';
		const sessions = result.sessions.map(row => toGatewaySession(row, defaultAgentId));
		// For shell completion, which must not wait on the gateway: the names it may attach (not those removed here).
		const trashed = await trashedSessionKeys(context.sessionsDir).catch(() => new Set<string>());
		await saveGatewayNames(context.sessionsDir, context.gatewayLabel, sessions.filter(session => !trashed.has(session.key)).map(session => session.name));
		return sessions;
	} catch {
		return undefined;
	} finally {
		link.stop();
	}
}

function toGatewaySession(row: SessionRow, defaultAgentId: string): GatewaySession {
	return {key: row.key, name: localNameFor(row.key, defaultAgentId), updatedAt: row.updatedAt ?? undefined, preview: row.lastMessagePreview};
}

/**
 * A session the gateway has but this machine does not is attached by creating its file from the gateway's
 * history; not one that is a local session's under another name (renamed) or in the trash.
 */
export async function attachMode(context: GatewayReach, name: string): Promise<{mode: OpenMode; sessionKey?: string}> {
	if ((await listSessionNames(context.sessionsDir)).includes(name)) {
		return {mode: 'attach'};
	}

	const named = (await gatewaySessions(context))?.filter(session => session.name === name) ?? [];
	if (named.length === 0) {
		return {mode: 'attach'};
	}

	const taken = new Set([...(await trashedSessionKeys(context.sessionsDir)), ...(await localSessionKeys(context.sessionsDir))]);
	const remote = named.find(session => !taken.has(session.key));
	return remote ? {mode: 'attach-or-create', sessionKey: remote.key} : {mode: 'attach'};
}
