#!/usr/bin/env node
/** `npm run bench [-- --json] [-- --only NAME] [-- --runs N]`: the figures of issue 5, one line each, target beside it. */
import os from 'node:os';
import {parseArgs} from 'node:util';
import * as figures from './figures.js';

const {values} = parseArgs({options: {json: {type: 'boolean'}, only: {type: 'string'}, runs: {type: 'string'}}});
const runs = Number(values.runs ?? 5);
const selected = Object.entries(figures).filter(([name]) => values.only === undefined || values.only.split(',').includes(name));
const results = [];
for (const [name, measure] of selected) {
	for (const result of await measure(runs)) {
		results.push({figure: name, ...result});
		if (!values.json) {
			const value = Number.isNaN(result.value) ? '–' : `${result.value} ${result.unit}`;
			console.log(`${result.ok ? 'ok  ' : 'MISS'} ${result.name.padEnd(44)} ${value.padStart(12)}   target ${result.target}${result.detail ? `   (${result.detail})` : ''}`);
		}
	}
}

const machine = {cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`};
if (values.json) {
	console.log(JSON.stringify({date: new Date().toISOString(), machine, runs, results}, undefined, '\t'));
} else {
	console.log(`\n${new Date().toISOString()} · ${machine.cpus} × ${machine.model} · ${machine.memoryGb} GB · Node ${machine.node} · median of ${runs}`);
}

process.exitCode = results.every(result => result.ok) ? 0 : 1;
