/** Where the user goes when leaving a session without detaching: App and its slash commands ask, run.tsx goes. */
export type Leave = {kind: 'switch'; name: string; create: boolean} | {kind: 'browse'} | {kind: 'rename'; to: string};
