/** Agents for fault tests: fast and deterministic, so a reply's final text is known from its message. */
import type {Agent} from '../../source/gateway/agents.js';

const tick = async () => new Promise(resolve => setImmediate(resolve));

/** Replies `re: <message>` in three streamed pieces, as fast as the event loop allows. */
export const quickAgent: Agent = {
	name: 'quick',
	async *reply(history, signal) {
		const text = `re: ${history.at(-1)?.text ?? ''}`;
		const third = Math.ceil(text.length / 3);
		for (let start = 0; start < text.length && !signal.aborted; start += third) {
			await tick();
			yield text.slice(start, start + third);
		}
	},
};

/** Streams `words` words, one every `delayMs`, so drops can land in the middle of a reply. */
export function wordyAgent(words: number, delayMs: number): Agent {
	return {
		name: 'wordy',
		async *reply(history, signal) {
			for (let index = 0; index < words && !signal.aborted; index++) {
				await new Promise(resolve => setTimeout(resolve, delayMs));
				yield `${index === 0 ? '' : ' '}${history.at(-1)?.text ?? ''}#${index}`;
			}
		},
	};
}
