/** Global setup of `npm run test:openclaw`: one lab gateway for the run. */
import type {TestProject} from 'vitest/node';
import {startLab, stopLab, type LabInfo} from './lab.js';

declare module 'vitest' {
	export interface ProvidedContext {
		lab: LabInfo;
	}
}

export default async function setup(project: TestProject) {
	const lab = await startLab();
	project.provide('lab', lab);
	return async () => stopLab(lab);
}
