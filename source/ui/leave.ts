/** Where the user goes when leaving a session without detaching: App and its slash commands ask, run.tsx goes. */
export type Leave =
	/** `how`: for a session another terminal holds, take it over or watch it read-only. */
	| {kind: 'switch'; name: string; create: boolean; how?: 'take-over' | 'read-only'}
	| {kind: 'browse'}
	| {kind: 'rename'; to: string}
	/** Another terminal took this session over (`tether attach NAME -d`): saved, and the TUI ends. */
	| {kind: 'taken-over'; by: number};
