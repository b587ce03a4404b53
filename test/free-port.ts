/**
 * A TCP port free on the loopback interface just now (for a child that must listen on a port it is told). Apart
 * from helpers.ts, which loads the embedded gateway and expects vitest's per-file setup (test/after-each.ts), so
 * that the OpenClaw lab's global setup can use it.
 */
import {createServer} from 'node:net';

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}
