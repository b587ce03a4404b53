/**
 * Tells the user a reply is ready when they are elsewhere: watches the session for replies that finish (and
 * approvals the agent waits on) and writes the configured notification (notify.ts) to the terminal. The
 * terminal's focus is fed in by whoever reads its input (focus-stdin.ts); the clock and the writer are injected.
 */
import type {Approval} from '../session/approvals.js';
import type {Message} from '../model/message.js';
import {notification, shouldNotify, type FocusState, type NotifyMode} from './notify.js';
import {ReplyWatch} from './reply-watch.js';

/** What Attention reads of a session (a ChatSession has it). */
export type Watched = {
	readonly name: string;
	readonly messages: readonly Message[];
	readonly approvals: readonly Approval[];
	on(event: 'change', listener: () => void): unknown;
	off(event: 'change', listener: () => void): unknown;
};

export type AttentionOptions = {
	mode: NotifyMode;
	/** A reply that took at least this long (ms) notifies in a terminal that does not report focus. */
	afterMs: number;
	/** Writes to the terminal. */
	write(text: string): void;
	env: NodeJS.ProcessEnv;
	/** ms since the epoch. */
	now?: () => number;
};

/** How much of a reply the notification quotes. */
const quoteLength = 100;

export class Attention {
	#focus: FocusState = 'unknown';
	readonly #watch: ReplyWatch;
	readonly #approvals: Set<string>;
	readonly #now: () => number;
	readonly #changed = () => this.#check();

	constructor(
		private readonly session: Watched,
		private readonly options: AttentionOptions,
	) {
		this.#now = options.now ?? Date.now;
		this.#watch = new ReplyWatch(session.messages);
		this.#approvals = new Set(session.approvals.map(approval => approval.id));
	}

	/** Whether it notifies at all (`tui.notify` is not `off`). */
	get enabled(): boolean {
		return this.options.mode !== 'off';
	}

	get focus(): FocusState {
		return this.#focus;
	}

	/** The terminal reported focus gained or lost. */
	setFocus(focus: 'in' | 'out'): void {
		this.#focus = focus;
	}

	/** Starts watching; returns what stops it. */
	start(): () => void {
		if (this.options.mode === 'off') {
			return () => undefined;
		}

		this.session.on('change', this.#changed);
		return () => this.session.off('change', this.#changed);
	}

	#check(): void {
		const title = `tether · ${this.session.name}`;
		for (const {message, tookMs} of this.#watch.observe(this.session.messages, this.#now())) {
			if (shouldNotify(this.#focus, tookMs, this.options.afterMs)) {
				this.#notify(title, message.status === 'error' ? `the reply failed${message.error ? `: ${message.error}` : ''}` : quote(message.text));
			}
		}

		for (const approval of this.session.approvals) {
			if (!this.#approvals.has(approval.id)) {
				this.#approvals.add(approval.id);
				// The agent is stopped until answered: worth a notification whenever the user may not be looking.
				if (this.#focus !== 'in') {
					this.#notify(title, `waiting for approval: ${approval.command}`);
				}
			}
		}
	}

	#notify(title: string, body: string): void {
		this.options.write(notification(this.options.mode, title, body, this.options.env));
	}
}

function quote(text: string): string {
	const line = text.replaceAll(/\s+/g, ' ').trim();
	return line === '' ? 'the reply is ready' : (line.length > quoteLength ? `${line.slice(0, quoteLength - 1)}…` : line);
}
