/** The session browser's state as a pure reducer: filtering, moving, and the confirm/rename prompts. */
import type {SessionSummary} from '../store/catalog.js';

export type BrowserMode =
	| {kind: 'list'}
	| {kind: 'filter'}
	| {kind: 'confirm-delete'; name: string}
	| {kind: 'rename'; name: string; value: string}
	| {kind: 'help'}
	/** Enter on a session another terminal holds: take it over, watch it, or stay. */
	| {kind: 'held'; name: string; pid: number};

export type BrowserState = {filter: string; selected: number; mode: BrowserMode};

export type BrowserAction =
	| {type: 'type'; text: string}
	| {type: 'erase'}
	| {type: 'clear-filter'}
	| {type: 'move'; by: number; count: number}
	| {type: 'mode'; mode: BrowserMode}
	| {type: 'rename-type'; text: string}
	| {type: 'rename-erase'};

export const initialBrowser: BrowserState = {filter: '', selected: 0, mode: {kind: 'list'}};

export function browserReducer(state: BrowserState, action: BrowserAction): BrowserState {
	switch (action.type) {
		case 'type': {
			// In the list, `/` opens the filter: typed fast (`/kt` in one read) the rest is the filter, as typed slowly.
			const text = state.mode.kind === 'list' && action.text.startsWith('/') ? action.text.slice(1) : action.text;
			return {...state, filter: state.filter + text, selected: 0, mode: {kind: 'filter'}};
		}

		case 'erase': {
			return {...state, filter: state.filter.slice(0, -1), selected: 0};
		}

		case 'clear-filter': {
			return {...state, filter: '', selected: 0, mode: {kind: 'list'}};
		}

		case 'move': {
			const last = Math.max(0, action.count - 1);
			return {...state, selected: Math.min(last, Math.max(0, state.selected + action.by))};
		}

		case 'mode': {
			return {...state, mode: action.mode};
		}

		case 'rename-type': {
			return state.mode.kind === 'rename' ? {...state, mode: {...state.mode, value: state.mode.value + action.text}} : state;
		}

		case 'rename-erase': {
			return state.mode.kind === 'rename' ? {...state, mode: {...state.mode, value: state.mode.value.slice(0, -1)}} : state;
		}
	}
}

/** Characters of the query in order, anywhere in the name (fzf-style); case does not matter. */
export function fuzzyMatch(query: string, name: string): boolean {
	let position = 0;
	const haystack = name.toLowerCase();
	for (const character of query.toLowerCase()) {
		position = haystack.indexOf(character, position);
		if (position === -1) {
			return false;
		}

		position += 1;
	}

	return true;
}

/** Sessions whose name matches the filter fuzzily, or whose content matched it (from the search index). */
export function visibleSessions(sessions: readonly SessionSummary[], filter: string, contentMatches: ReadonlySet<string>): SessionSummary[] {
	const query = filter.trim();
	if (query === '') {
		return [...sessions];
	}

	return sessions.filter(session => fuzzyMatch(query.replaceAll(/\s+/g, ''), session.name) || contentMatches.has(session.name));
}
