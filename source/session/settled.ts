/**
 * Which messages can still change, from their status alone. Kept apart from the message schema so that the
 * first screen of a reattach can use it before zod has loaded.
 */
import type {Message, MessageStatus} from '../model/message.js';

export const pendingStatuses: ReadonlySet<MessageStatus> = new Set(['queued', 'sending']);

export function isPending(message: Message): boolean {
	return message.role === 'user' && pendingStatuses.has(message.status);
}

/** Messages that will not change again (safe to render once). */
export function isSettled(message: Message): boolean {
	return message.status !== 'streaming' && !isPending(message);
}
