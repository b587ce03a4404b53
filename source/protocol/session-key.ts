/**
 * The shape of an OpenClaw session key, `agent:<agentId>:<rest>` (rest may hold more colons), as OpenClaw's
 * parseAgentSessionKey reads it. The one place that writes or splits one; store/names.ts says which keys are valid.
 */

/** The session key of `rest` under agent `agentId`. */
export function sessionKeyOf(agentId: string, rest: string): string {
	return `agent:${agentId}:${rest}`;
}

/** Whether `name` is a full session key (`agent:…`) rather than a bare name; says nothing of its validity. */
export function isSessionKey(name: string): boolean {
	return name.startsWith('agent:');
}

/** The parts of a full session key `agent:<id>:<rest>`, or undefined for any other name. */
export function splitSessionKey(name: string): {agentId: string; rest: string} | undefined {
	const match = /^agent:([^:]*):(.*)$/s.exec(name);
	return match ? {agentId: match[1]!, rest: match[2]!} : undefined;
}
