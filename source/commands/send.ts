/**
 * `tether send NAME MESSAGE`: one turn without a TUI; the reply goes to stdout (streamed on a terminal, whole
 * once final when piped: reply-output.ts says why) and both are saved.
 */
import {text as readText} from 'node:stream/consumers';
import {TetherError, UsageError} from '../errors.js';
import {Link} from '../connection/link.js';
import type {LinkState} from '../connection/machine.js';
import type {GatewayRequestError} from '../connection/errors.js';
import type {PairingRequest} from '../connection/pairing.js';
import {askedDelay, backoffDelay, type LinkPolicy} from '../connection/policy.js';
import {ChatSession} from '../session/session.js';
import type {Message} from '../model/message.js';
import {closeNames, validateSessionName} from '../store/names.js';
import {listSessionNames, SessionStore} from '../store/session-store.js';
import {trashedCopies} from '../store/trash.js';
import {sanitize, sanitizeLine} from '../text/sanitize.js';
import type {Command} from './command.js';
import type {Context} from './context.js';
import {replyOutput, type ReplyStream} from './reply-output.js';

class GatewayUnreachable extends TetherError {}

export const send: Command = {
	name: 'send',
	summary: 'send one message and print the reply (streamed on a terminal, once final when piped; - reads the message from stdin)',
	usage: 'send NAME MESSAGE|-',
	async run({positionals}, getContext) {
		const [name, ...words] = positionals;
		if (!name || words.length === 0) {
			throw new UsageError(`expected a session name and a message; usage: tether ${this.usage}`);
		}

		const context = getContext();
		const message = words.length === 1 && words[0] === '-' ? (await readText(context.io.stdin)).replace(/\n$/, '') : words.join(' ');
		if (message.trim() === '') {
			throw new UsageError('the message is empty');
		}

		const store = await openForSend(context, name);
		const session = new ChatSession(store, new Link({endpoint: context.endpoint, policy: context.policy}));
		const interrupt = () => void session.close().then(() => process.exit(130));
		process.once('SIGINT', interrupt);
		process.once('SIGTERM', interrupt);
		try {
			const sent = await session.send(message);
			session.start();
			await streamReply(session, sent, context.io.stdout, {stream: context.io.stderr, policy: context.policy});
			return 0;
		} finally {
			process.off('SIGINT', interrupt);
			process.off('SIGTERM', interrupt);
			await session.close();
		}
	},
};

/**
 * The session to send to. One that does not exist is created, as `attach --create` and bare `tether` do (a
 * one-shot send is how many sessions start); one the gateway has but this machine does not is joined, as
 * `attach` joins it. A new session is said on stderr, with the names it may have been a typo of and a removed
 * one of that name in the trash (which the new session is not).
 */
async function openForSend(context: Context, name: string): Promise<SessionStore> {
	validateSessionName(name);
	const names = await listSessionNames(context.sessionsDir);
	if (names.includes(name)) {
		return SessionStore.open(context.sessionsDir, name, 'attach');
	}

	const {attachMode} = await import('../session/gateway-sessions.js');
	const {sessionKey} = await attachMode(context, name);
	const store = await SessionStore.open(context.sessionsDir, name, 'attach-or-create', {...(sessionKey && {sessionKey})});
	const close = closeNames(name, names);
	const trashed = (await trashedCopies(context.sessionsDir)).some(copy => copy.name === name);
	const notes = [
		...(sessionKey ? [`joining the gateway's ${sessionKey}`] : []),
		...(close.length > 0 ? [`did you mean ${close.join(', ')}?`] : []),
		...(trashed ? [`a removed ${name} is in the trash: tether restore ${name}`] : []),
	];
	context.io.stderr.write(`tether: new session ${name}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}\n`);
	return store;
}

/**
 * Resolves when the reply to `sent` has ended; rejects if the gateway cannot be reached or refuses. Each retry
 * is said on `progress` (stderr) as it is scheduled. A message the gateway refuses for now (a retryable refusal)
 * is sent again after a backoff, or the wait it asked for, at most `policy.maxAttempts` times in all: then this
 * gives up in one line, the message still queued in the file.
 */
async function streamReply(session: ChatSession, sent: Message, out: ReplyStream, progress: {stream: NodeJS.WritableStream; policy: LinkPolicy}): Promise<void> {
	const runId = sent.idempotencyKey!;
	const {maxAttempts} = progress.policy;
	const output = replyOutput(out);
	let lastRetry = '';
	let refusals = 0;
	let resend: NodeJS.Timeout | undefined;
	return new Promise((resolve, reject) => {
		const onChange = () => {
			const reply = session.messages.find(m => m.role === 'assistant' && m.runId === runId);
			// The whole reply each time, sanitized whole: a delta may replace what came before (reply-output.ts).
			const visible = sanitize(reply?.text ?? '');
			output.update(visible);
			const request = session.messages.find(m => m.idempotencyKey === runId);
			if (request?.status === 'failed') {
				finish(new TetherError(`the gateway refused the message: ${request.error ?? 'no reason given'}`));
			} else if (reply && reply.status !== 'streaming') {
				output.end(visible);
				finish(reply.status === 'error' ? new TetherError(`the reply failed: ${reply.error ?? 'no reason given'}`) : undefined);
			}
		};

		const onRefused = (key: string, error: GatewayRequestError) => {
			if (key !== runId) {
				return;
			}

			refusals++;
			const reason = sanitizeLine(error.shape.message);
			if (refusals >= maxAttempts) {
				finish(new TetherError(`the gateway refused the message ${refusals} times (${reason}); the message is saved and will be sent on the next attach`));
				return;
			}

			const ms = error.retryAfterMs === undefined ? backoffDelay(progress.policy, refusals, Math.random) : askedDelay(progress.policy, error.retryAfterMs);
			progress.stream.write(`the gateway refused the message for now (${refusals}/${maxAttempts}); sending it again in ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}: ${reason}\n`);
			resend = setTimeout(() => session.retry(sent.id), ms);
		};

		const onState = (state: LinkState) => {
			if (state.kind === 'failed') {
				finish(new TetherError(`cannot use the gateway: ${state.lastError ?? state.code}; the message is saved and will be sent on the next attach`));
			} else if (state.kind === 'offline') {
				finish(new GatewayUnreachable(`${whyOffline(state)}; the message is saved and will be sent on the next attach`));
			} else if (state.kind === 'backoff') {
				const line = retryLine(state, maxAttempts);
				// A gateway that asks again and again ("starting; retry shortly") is said once, not every half second.
				if (line.key !== lastRetry) {
					lastRetry = line.key;
					progress.stream.write(`${line.text}\n`);
				}
			}
		};

		// A one-shot command cannot wait for a person to approve the device: say how, keep the message queued.
		const onPairing = (pairing: PairingRequest) => {
			finish(new TetherError(`${pairing.message}; the message is saved and will be sent once the device is approved`));
		};

		const finish = (error: Error | undefined) => {
			clearTimeout(resend);
			session.off('refused', onRefused);
			session.off('change', onChange);
			session.link.off('state', onState);
			session.link.off('pairing', onPairing);
			if (error) {
				reject(error);
			} else {
				resolve();
			}
		};

		session.on('change', onChange);
		session.on('refused', onRefused);
		session.link.on('state', onState);
		session.link.on('pairing', onPairing);
	});
}

/** `retrying (3/10) in 4 s: connection refused`, or `retrying in 500 ms, as the gateway asked: …`. */
function retryLine(state: Extract<LinkState, {kind: 'backoff'}>, maxAttempts: number): {key: string; text: string} {
	const ms = Math.max(0, state.retryAt - Date.now());
	const wait = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
	const reason = sanitizeLine(state.lastError ?? 'no answer');
	return state.asked
		? {key: `asked ${reason}`, text: `retrying in ${wait}, as the gateway asked: ${reason}`}
		: {key: `${state.attempt} ${reason}`, text: `retrying (${state.attempt}/${maxAttempts}) in ${wait}: ${reason}`};
}

function whyOffline(state: Extract<LinkState, {kind: 'offline'}>): string {
	const reason = sanitizeLine(state.lastError ?? 'no answer');
	const flaps = state.flaps ?? 0;
	return flaps > 1 ? `the gateway closed the connection at once, ${flaps} times (${reason})` : `the gateway is unreachable after ${state.attempt} attempts (${reason})`;
}
