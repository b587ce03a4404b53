/**
 * `/copy [N]`: which message goes to the clipboard, and what the notice says. Pure; the sequence that carries
 * it is OSC 52 (terminal-sequences.ts), which the terminal may refuse without telling anyone.
 */
import type {Message} from '../model/message.js';

/** The reply `/copy` takes: with no argument the last one, with `N` the Nth from the end (`/copy 2` the one before the last). */
export function replyToCopy(messages: readonly Message[], args: string): {message: Message} | {problem: string} {
	const wanted = args.trim();
	const back = wanted === '' ? 1 : Number(wanted);
	if (!Number.isInteger(back) || back < 1) {
		return {problem: `usage: /copy [N] (N: 1 is the last reply, 2 the one before); not ${wanted}`};
	}

	const replies = messages.filter(message => message.role === 'assistant' && message.text.trim() !== '');
	const message = replies[replies.length - back];
	if (!message) {
		return {problem: replies.length === 0 ? 'no reply to copy yet' : `only ${replies.length} repl${replies.length === 1 ? 'y' : 'ies'} here; /copy ${replies.length} is the first`};
	}

	return {message};
}

/** What the notice says was copied: which reply, from when, how long; and that the terminal decides. */
export function copiedNotice(message: Message, back: number): string {
	const when = message.at.slice(11, 16);
	const which = back === 1 ? 'the last reply' : `reply ${back} back`;
	const size = `${message.text.length.toLocaleString('en-US')} character${message.text.length === 1 ? '' : 's'}`;
	return `copied ${which} (${when} UTC, ${size}) to the clipboard by OSC 52, where the terminal allows it`;
}
