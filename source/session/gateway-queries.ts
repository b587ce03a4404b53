/**
 * What an operator client may ask a gateway besides chat: its command catalogue, models and agents, and a
 * session's model. Shapes recorded from a real OpenClaw gateway (test/fixtures/openclaw/FINDINGS.md (d), (e));
 * the embedded gateway answers the same. Each throws LinkDown or GatewayRequestError, unless it says otherwise.
 */
import {z} from 'zod';
import type {Link} from '../connection/link.js';

/** A command the gateway answers itself when sent as a message (`commands.list`). */
export type GatewayCommand = {name: string; description: string};

/** A model the gateway offers (`models.list`): `provider/id` is what `sessions.patch` takes. */
export type GatewayModel = {id: string; provider: string | undefined; name: string | undefined};

export type GatewayAgents = {defaultId: string | undefined; ids: string[]};

const commandsListSchema = z.object({commands: z.array(z.looseObject({name: z.string(), description: z.string().optional()}))});
const modelsListSchema = z.object({models: z.array(z.looseObject({id: z.string(), name: z.string().optional(), provider: z.string().optional()}))});
const agentsListSchema = z.object({defaultId: z.string().optional(), agents: z.array(z.looseObject({id: z.string()}))});
const sessionsPatchSchema = z.looseObject({resolved: z.looseObject({model: z.string().optional(), modelProvider: z.string().optional()}).optional()});

/**
 * The gateway's own slash commands (`commands.list {scope: "text"}`, as `openclaw tui` asks), names without the
 * slash; none, never an error, when the gateway has no catalogue or refuses.
 */
export async function listGatewayCommands(link: Link): Promise<GatewayCommand[]> {
	if (!link.hello?.features?.methods?.includes('commands.list')) {
		return [];
	}

	const result = await link.request('commands.list', {scope: 'text', includeArgs: false}, commandsListSchema).catch(() => undefined);
	return (result?.commands ?? []).map(command => ({name: command.name.replace(/^\//, ''), description: command.description ?? ''}));
}

export async function listModels(link: Link): Promise<GatewayModel[]> {
	const result = await link.request('models.list', {}, modelsListSchema);
	return result.models.map(model => ({id: model.id, provider: model.provider, name: model.name}));
}

export async function listAgents(link: Link): Promise<GatewayAgents> {
	const result = await link.request('agents.list', {}, agentsListSchema);
	return {defaultId: result.defaultId, ids: result.agents.map(agent => agent.id)};
}

/**
 * Switches a session's model (`sessions.patch {key, model}`, scope operator.write) and returns the model the
 * gateway settled on; a model it does not have is refused with a GatewayRequestError naming it.
 */
export async function patchModel(link: Link, sessionKey: string, model: string): Promise<{model: string; modelProvider?: string}> {
	const result = await link.request('sessions.patch', {key: sessionKey, model}, sessionsPatchSchema);
	const provider = result.resolved?.modelProvider;
	return {model: result.resolved?.model ?? model, ...(provider && {modelProvider: provider})};
}
