/** The model and context use as the status line shows them, as `openclaw tui`'s footer does: `echo · 1.2k/33k (4%)`. */
import type {ModelInfo} from '../session/model-info.js';

/** A token count in a few characters: 950, 1.2k, 33k, 1.1M. */
export function compactCount(count: number): string {
	if (count < 1000) {
		return String(count);
	}

	if (count < 1_000_000) {
		return count < 10_000 ? `${(count / 1000).toFixed(1).replace(/\.0$/, '')}k` : `${Math.round(count / 1000)}k`;
	}

	return `${(count / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/**
 * The model's name and its context use; the name left out when `named` (the gateway as the status line names
 * it: `embedded · offline echo`, `embedded · llama3.2 @ 127.0.0.1:11434`) says it already, as a whole word.
 */
export function modelLabel(model: ModelInfo, named = ''): string {
	const tokens =
		model.totalTokens === undefined
			? ''
			: (model.contextTokens
				? `${compactCount(model.totalTokens)}/${compactCount(model.contextTokens)} (${Math.round((model.totalTokens / model.contextTokens) * 100)}%)`
				: `${compactCount(model.totalTokens)} tokens`);
	const said = model.model !== undefined && named.split(/[\s·@]+/).includes(model.model);
	return [said ? '' : model.model, tokens].filter(Boolean).join(' · ');
}
