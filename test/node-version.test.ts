import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {minimumNode, supportedNode} from '../source/node-version.js';

describe('the Node Tether runs on', () => {
	it('is what package.json claims in engines', () => {
		const {engines} = JSON.parse(readFileSync('package.json', 'utf8')) as {engines: {node: string}};
		expect(engines.node).toBe(`>=${minimumNode.replace(/\.0$/, '')}`);
	});

	it('is refused below it and taken from it on', () => {
		expect(['v20.20.2', 'v22.18.0', '21.7.3'].map(supportedNode)).toEqual([false, false, false]);
		expect(['v22.19.0', 'v22.20.1', 'v24.21.0', '26.0.0'].map(supportedNode)).toEqual([true, true, true, true]);
	});
});
