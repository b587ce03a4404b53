#!/usr/bin/env node
// `npm run soak -- [COUNT] [SEED]`: the soak test with more messages than `npm test` sends.
import {spawnSync} from 'node:child_process';

const [count = '5000', seed = String(Date.now() % 100_000)] = process.argv.slice(2);
if (!/^\d+$/.test(count) || !/^\d+$/.test(seed)) {
	console.error('usage: npm run soak -- [COUNT] [SEED]');
	process.exit(2);
}

console.log(`soak: ${count} messages, seed ${seed}`);
const result = spawnSync('vitest', ['run', 'test/fault/soak.test.ts'], {stdio: 'inherit', env: {...process.env, SOAK_COUNT: count, SOAK_SEED: seed}});
process.exit(result.status ?? 1);
