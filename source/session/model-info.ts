/** The model a session runs on and how full its context is, as the gateway last said. Pure. */
import type {SessionModel} from '../protocol/payloads.js';

/** Tokens are counts; `contextTokens` is the model's context window. */
export type ModelInfo = {model?: string; provider?: string; totalTokens?: number; contextTokens?: number; channel?: string};

/**
 * `info` (a session row, history's `sessionInfo`, a patch's answer) over what was known; missing fields keep theirs,
 * except `channel`: a whole session row (it has `key`) without one says the session is no longer on a channel.
 */
export function withModel(known: ModelInfo, info: SessionModel): ModelInfo {
	const {channel: _channel, ...rest} = known;
	return {
		...(info.key === undefined ? known : rest),
		...(info.channel && {channel: info.channel}),
		...(info.model && {model: info.model}),
		...(info.modelProvider && {provider: info.modelProvider}),
		...(typeof info.totalTokens === 'number' && {totalTokens: info.totalTokens}),
		...(typeof info.contextTokens === 'number' && {contextTokens: info.contextTokens}),
	};
}
