/**
 * Taking a session over from the client that holds it (`tether attach NAME -d`, as tmux's `attach -d`): the old
 * SSH terminal is dead but its process still holds the lock. The taker writes `NAME.json.takeover` (its pid)
 * and sends the holder SIGUSR2; the holder, seeing a request for the session it holds, saves, lets go of the lock
 * and detaches, saying so on its terminal. The taker waits for the lock to go, then takes it as usual.
 *
 * Why a file and a signal: the signal wakes the holder at once, whatever it is doing (no watcher to keep, no
 * polling); the file says which session is asked for, so a client that has meanwhile switched to another session
 * (or a stray `kill -USR2`) is not detached by mistake. Only holders whose lock says `detachable` are signalled:
 * SIGUSR2's default action would kill a one-shot command.
 *
 * Nothing is lost or written twice: the holder's close is its ordinary detach (flush, fold the journal, release),
 * and its outbox is in the file: queued messages are sent by the taker, and one cut off mid-send is re-sent with
 * its idempotency key, which the gateway deduplicates.
 */
import {readFile, unlink, writeFile} from 'node:fs/promises';
import {TetherError} from '../errors.js';
import {isAlive, lockHolder} from './lock.js';

/** How long a taker waits for the holder to let go (ms): saving and folding a journal take well under a second. */
export const takeoverWaitMs = 15_000;
const pollMs = 25;

export class TakeoverRefused extends TetherError {}

/** The request file beside a session file. */
export function takeoverFile(sessionFile: string): string {
	return `${sessionFile}.takeover`;
}

/**
 * Asks the live client holding `sessionFile` to let go, and waits (at most `waitMs`) until it has. Returns the
 * pid that let go, or undefined when no one held it. Throws TakeoverRefused when the holder cannot be asked (a
 * one-shot command, an older Tether) or does not let go in time (stopped, or hung on a dead terminal).
 */
export async function takeOver(sessionFile: string, name: string, waitMs = takeoverWaitMs): Promise<number | undefined> {
	const lock = `${sessionFile}.lock`;
	const holder = await lockHolder(lock);
	if (holder === undefined) {
		return undefined;
	}

	if (!holder.detachable) {
		throw new TakeoverRefused(`session ${name} is in use by pid ${holder.pid}, which cannot be asked to let go (a command such as tether send, or an older Tether); try again when it ends`);
	}

	const request = takeoverFile(sessionFile);
	await writeFile(request, String(process.pid), {mode: 0o600});
	try {
		signal(holder.pid, 'SIGUSR2');
		// A client stopped with Ctrl+Z would answer only once continued.
		signal(holder.pid, 'SIGCONT');
		const deadline = Date.now() + waitMs;
		while ((await lockHolder(lock))?.pid === holder.pid) {
			if (Date.now() > deadline) {
				throw new TakeoverRefused(`pid ${holder.pid} did not let go of session ${name} within ${waitMs < 1000 ? `${waitMs} ms` : `${Math.round(waitMs / 1000)} s`} (is its terminal hung?); end it with kill ${holder.pid}, then attach again`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, pollMs);
			});
		}

		return holder.pid;
	} finally {
		// Only our own request: another taker may have written its own since.
		if ((await readFile(request, 'utf8').catch(() => '')) === String(process.pid)) {
			await unlink(request).catch(() => undefined);
		}
	}
}

/**
 * The pid that asks to take `sessionFile` over, if a request is there and its taker still waits (read by the
 * holder on SIGUSR2, and when it opens the session, in case the signal came while it was opening). A request
 * left by a taker that died is no request.
 */
export async function takeoverRequest(sessionFile: string): Promise<number | undefined> {
	const text = await readFile(takeoverFile(sessionFile), 'utf8').catch(() => undefined);
	const pid = Number.parseInt(text ?? '', 10);
	return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Gone meanwhile: its lock is stale, and taking it is the ordinary way.
	}
}
