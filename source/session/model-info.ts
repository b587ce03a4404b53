/** The model a session runs on and how full its context is, as the gateway last said. Pure. */
import type {SessionModel} from '../protocol/payloads.js';

/** Tokens are counts; `contextTokens` is the model's context window. */
export type ModelInfo = {model?: string; provider?: string; totalTokens?: number; contextTokens?: number};

/** `info` (a session row, history's `sessionInfo`, a patch's answer) over what was known; missing fields keep theirs. */
export function withModel(known: ModelInfo, info: SessionModel): ModelInfo {
	return {
		...known,
		...(info.model && {model: info.model}),
		...(info.modelProvider && {provider: info.modelProvider}),
		...(typeof info.totalTokens === 'number' && {totalTokens: info.totalTokens}),
		...(typeof info.contextTokens === 'number' && {contextTokens: info.contextTokens}),
	};
}
