/** Who holds the embedded gateway's port: nobody, this data dir's live gateway, or another program. */
import {portAccepts} from '../connection/port-probe.js';

/** Where `tether serve` listens when a client starts it (it is started without --host). */
export const embeddedHost = '127.0.0.1';

const probeTimeoutMs = 1000;

export type EmbeddedPort =
	| {holder: 'nobody'; port: number}
	| {holder: 'gateway'; port: number; pid: number}
	| {holder: 'other'; port: number};

/**
 * Checks `port` on 127.0.0.1 against the gateway recorded in `dataDir`: a TCP connect (up to 1000 ms), nothing sent.
 * Never throws.
 */
export async function embeddedPort(dataDir: string, port: number): Promise<EmbeddedPort> {
	const {readDaemonState} = await import('../gateway/daemon.js');
	const running = await readDaemonState(dataDir);
	if (running?.port === port && (await portAccepts(running.host, port, probeTimeoutMs))) {
		return {holder: 'gateway', port, pid: running.pid};
	}

	return (await portAccepts(embeddedHost, port, probeTimeoutMs)) ? {holder: 'other', port} : {holder: 'nobody', port};
}

/** What to tell the user when another program holds the port: retrying cannot help, only they can. */
export function portHeldMessage(port: number): string {
	return `port ${port} on ${embeddedHost} is held by another program, not a Tether gateway: stop it, or choose another port with tether config set embedded.port N`;
}
