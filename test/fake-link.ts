/** A link for session tests: open at once, it records what is asked of it and answers what it is told to. */
import {EventEmitter} from 'node:events';

export const key = 'agent:main:main';

export class FakeLink extends EventEmitter {
	readonly url = 'ws://127.0.0.1:1';
	readonly requests: Array<{method: string; params: unknown}> = [];
	state = {kind: 'open' as const, since: 0};
	hello = {features: {methods: [] as string[], events: [] as string[]}, auth: {role: 'operator', scopes: ['operator.read', 'operator.write', 'operator.approvals']}, policy: {maxPayload: 1, maxBufferedBytes: 1, tickIntervalMs: 30_000}};
	latencyMs = undefined;
	constructor(private readonly answers: Record<string, unknown> = {}) {
		super();
	}

	async request(method: string, params: unknown): Promise<unknown> {
		this.requests.push({method, params});
		const answer = this.answers[method];
		return typeof answer === 'function' ? (answer as (params: unknown) => unknown)(params) : (answer ?? {sessionKey: key, messages: []});
	}

	/** A frame from the gateway. */
	event(event: string, payload: unknown): void {
		this.emit('event', {type: 'event', event, payload});
	}

	start(): void {
		this.emit('open', {hello: this.hello, downtimeMs: undefined, reason: undefined});
	}

	stop(): void {}
	retryNow(): void {}
}
