#!/usr/bin/env node
/**
 * The embedded gateway in a process of its own, for benchmarks that kill or freeze it:
 *   node bench/gateway.js PORT DATA_DIR TOKEN [TOKENS_PER_SECOND SECONDS]
 * With a rate, every reply streams numbered tokens ("t1 t2 …") at that rate for that long; otherwise the
 * offline agent answers. Prints "listening" once it is.
 */
import {offlineAgent} from '../dist/gateway/agents.js';
import {startGateway} from '../dist/gateway/server.js';
import {tokenAgent} from './token-agent.js';

const [port, dataDir, token, rate, seconds] = process.argv.slice(2);

const agent = rate ? tokenAgent(Number(rate), Number(seconds)) : offlineAgent(5);
await startGateway({host: '127.0.0.1', port: Number(port), dataDir, token, agent});
console.log('listening');
