/** The contract scenarios against the embedded gateway (the same ones run against OpenClaw in `npm run test:openclaw`). */
import {afterEach, beforeEach} from 'vitest';
import {offlineAgent} from '../../source/gateway/agents.js';
import {startGateway, type RunningGateway} from '../../source/gateway/server.js';
import {tempDir, testToken} from '../helpers.js';
import {gatewayContract, type GatewayUnderTest} from './scenarios.js';

let current: GatewayUnderTest | undefined;
let running: RunningGateway | undefined;

beforeEach(async () => {
	const dataDir = await tempDir();
	// Slow enough that a reply is still streaming when the test restarts the gateway.
	const start = async (port = 0) => startGateway({dataDir, port, token: testToken, agent: offlineAgent(15)});
	running = await start();
	const {port, url} = running;
	current = {
		url,
		token: testToken,
		async stop() {
			await running?.close();
			running = undefined;
		},
		async start() {
			running = await start(port);
		},
		replyTo: prompt => `You said: “${prompt}”`,
	};
});

afterEach(async () => {
	await running?.close();
});

gatewayContract('embedded gateway', () => current!);
