/** Whether something accepts TCP connections on host:port: a plain connect, closed at once. */
import {connect} from 'node:net';

export async function portAccepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect({host, port, timeout: timeoutMs});
		const done = (accepted: boolean) => {
			socket.destroy();
			resolve(accepted);
		};

		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
		socket.once('timeout', () => done(false));
	});
}
