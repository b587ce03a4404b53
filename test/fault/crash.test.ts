import {spawn} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {contentText} from '../../source/protocol/payloads.js';
import {readSession} from '../../source/store/session-store.js';
import {seeded} from '../random.js';
import {onCleanup, patience, tempDir, testGateway, testToken, waitFor} from '../helpers.js';
import {wordyAgent} from './agents.js';

const bin = path.resolve('bin/tether.js');

describe('a client killed with SIGKILL while a reply streams', () => {
	it('leaves a file that always parses and holds every message the gateway acknowledged, 50 times over', {timeout: 600_000}, async () => {
		const sessionsDir = await tempDir();
		const gateway = await testGateway({dataDir: await tempDir(), agent: wordyAgent(300, 1)});
		const env = {...process.env, TETHER_SESSIONS_DIR: sessionsDir, TETHER_CONFIG_DIR: await tempDir(), TETHER_GATEWAY_URL: gateway.url, OPENCLAW_GATEWAY_TOKEN: testToken};
		const random = seeded(11);
		for (let round = 0; round < 50; round++) {
			const child = spawn(process.execPath, [bin, 'send', 'crash', `round ${round}`], {env, stdio: ['ignore', 'ignore', 'ignore']});
			const exited = new Promise(resolve => child.on('exit', resolve));
			// Should the test fail mid-round, the client must not go on writing into a temp dir being removed.
			onCleanup(async () => {
				child.kill('SIGKILL');
				await exited;
			});
			// Kill at a random point, mostly while the reply is streaming in: piped, send prints nothing until the
			// reply is final, so the gateway says when the turn has started.
			const started = () => gateway.chat.chatHistory('crash', 1000).messages.some(row => row.role === 'user' && contentText(row.content) === `round ${round}`);
			await waitFor(() => started() || child.exitCode !== null, 'the reply starts streaming', patience);
			await new Promise(resolve => setTimeout(resolve, random() * 250));
			child.kill('SIGKILL');
			await exited;

			const saved = await readSession(sessionsDir, 'crash');
			const savedKeys = new Set(saved.messages.filter(m => m.role === 'user').map(m => m.idempotencyKey));
			const acknowledged = gateway.chat.chatHistory('crash', 1000).messages.filter(row => row.role === 'user');
			for (const row of acknowledged) {
				expect(savedKeys, `round ${round}: "${contentText(row.content)}" was acknowledged but is not in the file`).toContain(row.__openclaw?.idempotencyKey?.replace(/:user$/, ''));
			}
		}
	});
});
