/** The session browser: filter, move, preview, and attach, rename, archive, delete or export the highlighted one. */
import {Box, Text, useApp, useInput, useWindowSize} from 'ink';
import {useEffect, useMemo, useReducer, useState} from 'react';
import type {Message} from '../model/message.js';
import type {SessionSummary} from '../store/catalog.js';
import {roleLabel} from '../text/format.js';
import {contentPreview, relativeTime} from '../text/preview.js';
import {columnsOf, fitColumns, padColumns} from '../text/width.js';
import {sanitizeLine} from '../text/sanitize.js';
import {browserReducer, initialBrowser, visibleSessions} from './browser-state.js';
import {useNow} from './use-session.js';

/** How a session held elsewhere is opened: taken over (the other terminal detaches) or watched read-only. */
export type AttachHow = 'take-over' | 'read-only';

export type BrowserActions = {
	// Plain functions, not methods: the browser passes them on and tests spy on them (they need no `this`).
	/** Names of sessions whose content matches a query. */
	searchContent: (query: string) => ReadonlySet<string>;
	preview: (name: string) => Promise<readonly Message[]>;
	/** Attaches `name` on leaving: taking it over from, or watching it beside, the terminal that holds it. */
	attach: (name: string, how?: AttachHow) => void;
	/** The pid of another client attached to `name`, if one is. */
	heldBy: (name: string) => Promise<number | undefined>;
	rename: (from: string, to: string) => Promise<void>;
	archive: (name: string) => Promise<void>;
	remove: (name: string) => Promise<void>;
	exportTo: (name: string) => Promise<string>;
	reload: () => Promise<readonly SessionSummary[]>;
};

// Every letter types into the filter (a name may start with any): the actions on the highlighted session are
// Ctrl keys, as in fzf, where letters archived a session when a filter began with `a` (found by a helper).
const keys: Array<[string, string]> = [
	['type, or /', 'filter by name and content'],
	['↑ ↓', 'move'],
	['Enter', 'attach'],
	['Ctrl+R', 'rename'],
	['Ctrl+A', 'archive'],
	['Ctrl+D', 'delete (to the trash; tether restore NAME)'],
	['Ctrl+E', 'export as Markdown'],
	['Esc', 'clear the filter, or leave'],
	['?', 'this help'],
];

export function SessionBrowser({sessions: initial, actions}: {sessions: readonly SessionSummary[]; actions: BrowserActions}) {
	const {exit} = useApp();
	const {columns, rows} = useWindowSize();
	const [sessions, setSessions] = useState(initial);
	const [state, dispatch] = useReducer(browserReducer, initialBrowser);
	const [flash, setFlash] = useState<string | undefined>();
	const [preview, setPreview] = useState<{name: string; messages: readonly Message[]} | undefined>();
	const contentMatches = useMemo(() => (state.filter.trim() ? actions.searchContent(state.filter) : new Set<string>()), [state.filter, actions]);
	const visible = visibleSessions(sessions, state.filter, contentMatches);
	const current = visible[state.selected];

	const currentName = current?.name;
	useEffect(() => {
		let stale = false;
		if (currentName !== undefined) {
			void actions.preview(currentName).then(messages => !stale && setPreview({name: currentName, messages}));
		}

		return () => {
			stale = true;
		};
	}, [currentName, actions]);

	const run = async (work: () => Promise<string>) => {
		try {
			setFlash(await work());
			setSessions(await actions.reload());
		} catch (error) {
			setFlash((error as Error).message);
		}

		dispatch({type: 'mode', mode: {kind: 'list'}});
	};

	useInput((input, key) => {
		const {mode} = state;
		if (mode.kind === 'confirm-delete') {
			if (input === 'y') {
				void run(async () => actions.remove(mode.name).then(() => `moved ${mode.name} to the trash; tether restore ${mode.name} brings it back`));
			} else {
				dispatch({type: 'mode', mode: {kind: 'list'}});
				setFlash('kept');
			}

			return;
		}

		if (mode.kind === 'rename') {
			if (key.return && mode.value.trim()) {
				void run(async () => actions.rename(mode.name, mode.value.trim()).then(() => `renamed ${mode.name} to ${mode.value.trim()}`));
			} else if (key.escape) {
				dispatch({type: 'mode', mode: {kind: 'list'}});
			} else if (key.backspace || key.delete) {
				dispatch({type: 'rename-erase'});
			} else if (input && !key.ctrl && !key.meta) {
				dispatch({type: 'rename-type', text: input});
			}

			return;
		}

		if (mode.kind === 'help') {
			dispatch({type: 'mode', mode: {kind: 'list'}});
			return;
		}

		if (mode.kind === 'held') {
			const how = input === 't' ? 'take-over' : (input === 'w' ? 'read-only' : undefined);
			if (how) {
				actions.attach(mode.name, how);
				exit();
			} else {
				dispatch({type: 'mode', mode: {kind: 'list'}});
				setFlash(`left ${mode.name} to the other terminal`);
			}

			return;
		}

		if (key.upArrow || key.downArrow) {
			dispatch({type: 'move', by: key.upArrow ? -1 : 1, count: visible.length});
		} else if (key.return) {
			if (current) {
				const {name} = current;
				// Opening it would only be refused: say who has it and offer the ways in, staying here meanwhile.
				void actions.heldBy(name).then(pid => {
					if (pid === undefined) {
						actions.attach(name);
						exit();
					} else {
						dispatch({type: 'mode', mode: {kind: 'held', name, pid}});
					}
				});
			}
		} else if (key.escape) {
			if (state.filter) {
				dispatch({type: 'clear-filter'});
			} else {
				exit();
			}
		} else if (key.backspace || key.delete) {
			dispatch({type: 'erase'});
		} else if (current && key.ctrl && input === 'r') {
			dispatch({type: 'mode', mode: {kind: 'rename', name: current.name, value: ''}});
		} else if (current && key.ctrl && input === 'a') {
			void run(async () => actions.archive(current.name).then(() => `archived ${current.name}; tether ls --all shows it`));
		} else if (current && key.ctrl && input === 'd') {
			dispatch({type: 'mode', mode: {kind: 'confirm-delete', name: current.name}});
		} else if (current && key.ctrl && input === 'e') {
			void run(async () => actions.exportTo(current.name).then(file => `exported ${current.name} to ${file}`));
		} else if (input === '?') {
			// No name holds a `?` (store/names.ts): it is help, however much of a filter is typed.
			dispatch({type: 'mode', mode: {kind: 'help'}});
		} else if (mode.kind === 'list' && input === '/') {
			dispatch({type: 'mode', mode: {kind: 'filter'}});
		} else if (input && !key.ctrl && !key.meta && !key.tab) {
			dispatch({type: 'type', text: input});
		}
	});

	const wide = columns >= 90;
	const listWidth = wide ? Math.min(48, Math.floor(columns * 0.45)) : columns;
	const height = Math.max(3, rows - (wide ? 6 : 14));
	const first = Math.max(0, Math.min(state.selected - Math.floor(height / 2), visible.length - height));
	// Ages ("3 h ago") read the clock as the other components do; a minute is their finest unit.
	const now = useNow(60_000, true);
	return (
		<Box flexDirection="column">
			<Text>
				<Text color="cyan">filter › </Text>
				{state.filter ? <Text>{sanitizeLine(state.filter)}</Text> : <Text dimColor>type to filter · Enter attaches · ? help</Text>}
				<Text dimColor>
					{'  '}
					{visible.length}/{sessions.length}
				</Text>
			</Text>
			<Box flexDirection={wide ? 'row' : 'column'} marginTop={1}>
				<Box flexDirection="column" width={listWidth} flexShrink={0}>
					{visible.length === 0 ? <Text dimColor>no session matches</Text> : null}
					{visible.slice(first, first + height).map((session, index) => {
						const selected = first + index === state.selected;
						const line = `${session.attachedPid === undefined ? ' ' : '●'} ${sanitizeLine(session.name)}`;
						const detail = `${session.messages} · ${relativeTime(session.lastActivity, now)}`;
						return (
							<Text key={session.name} inverse={selected} color={session.damaged ? 'red' : undefined}>
								{fitColumns(`${padColumns(line, Math.max(columnsOf(line) + 1, listWidth - columnsOf(detail) - 1))}${detail}`, listWidth)}
							</Text>
						);
					})}
				</Box>
				<Box flexDirection="column" flexGrow={1} marginLeft={wide ? 2 : 0} marginTop={wide ? 0 : 1}>
					{current?.damaged ? <Text color="red">{current.damaged}</Text> : null}
					{preview && current && preview.name === current.name
						? preview.messages.map(message => (
								<Text key={message.id} wrap="truncate-end">
									<Text bold color={message.role === 'user' ? 'cyan' : 'green'}>
										{roleLabel(message)}:{' '}
									</Text>
									{contentPreview(message.text)}
								</Text>
							))
						: null}
				</Box>
			</Box>
			{state.mode.kind === 'help' ? (
				<Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
					{keys.map(([key, what]) => (
						<Text key={key}>
							<Text color="cyan">{key.padEnd(12)}</Text>
							{what}
						</Text>
					))}
				</Box>
			) : null}
			{state.mode.kind === 'held' ? (
				<Text color="yellow">
					{sanitizeLine(state.mode.name)} is open in another terminal (pid {state.mode.pid}): t takes it over (that terminal detaches), w watches it read-only, any other key stays here
				</Text>
			) : null}
			{state.mode.kind === 'confirm-delete' ? <Text color="yellow">move {state.mode.name} to the trash? y/N</Text> : null}
			{state.mode.kind === 'rename' ? (
				<Text color="yellow">
					rename {state.mode.name} to: {state.mode.value}
					<Text inverse> </Text>
				</Text>
			) : null}
			{flash ? <Text color="yellow">{sanitizeLine(flash)}</Text> : null}
		</Box>
	);
}
