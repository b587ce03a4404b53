/**
 * What a run is doing before and between its words: the gateway's phases (`chat` status events and `agent`
 * `run_status`/`lifecycle` events), model retries, thinking, tool calls and writing. Transient (never saved),
 * pure, and timed by the caller's clock (ms since the epoch).
 */
import type {AgentEvent, ChatEvent} from '../protocol/payloads.js';
import {argumentSummary} from '../text/argument-summary.js';

export type RunProgress = {
	runId: string;
	/** When this client first heard of the run (ms). */
	startedAt: number;
	/** A few words: `starting the model`, `running read NOTES.md`, `thinking`, `writing`. */
	activity: string;
	/** A retry the gateway is making, as it said it (`model answered 429 · retrying (attempt 2/10)`). */
	retry?: string;
	/** The HTTP status the model's last failed attempt answered (from the lifecycle `finishing` error). */
	httpStatus?: number;
};

/** Phases the gateway names (PROTOCOL notes: `chat` status `phase`), as a person would say them. */
const phaseWords: Record<string, string> = {
	preparing_workspace: 'preparing the workspace',
	naming_worktree: 'preparing the workspace',
	creating_worktree: 'preparing the workspace',
	running_setup: 'running setup',
	provisioning_environment: 'preparing the environment',
	preparing_context: 'preparing context',
	memory_flushing: 'saving memory',
	starting_model: 'waiting for the model',
	finishing: 'finishing',
};

function begin(progress: RunProgress | undefined, runId: string, now: number): RunProgress {
	return progress?.runId === runId ? progress : {runId, startedAt: now, activity: 'starting'};
}

/** After a `chat` event: undefined once the run has ended. */
export function progressAfterChat(progress: RunProgress | undefined, event: ChatEvent, now: number): RunProgress | undefined {
	if (event.state === 'final' || event.state === 'aborted' || event.state === 'error') {
		return progress?.runId === event.runId ? undefined : progress;
	}

	const current = begin(progress, event.runId, now);
	if (event.state === 'delta') {
		const {retry: _done, ...rest} = current;
		return {...rest, activity: 'writing'};
	}

	const retry = event.retry && retryText(event.retry.reason, event.retry.attempt, event.retry.maxAttempts, current.httpStatus);
	const activity = event.phase ? (phaseWords[event.phase] ?? event.phase.replaceAll('_', ' ')) : current.activity;
	return {...current, activity, ...(retry && {retry})};
}

/** After an `agent` event: tool calls, thinking, retries and the run's lifecycle. */
export function progressAfterAgent(progress: RunProgress | undefined, event: AgentEvent, now: number): RunProgress | undefined {
	const data = event.data ?? {};
	const phase = typeof data['phase'] === 'string' ? data['phase'] : undefined;
	if (event.stream === 'lifecycle' && (phase === 'end' || phase === 'error')) {
		return progress?.runId === event.runId ? undefined : progress;
	}

	const current = begin(progress, event.runId, now);
	switch (event.stream) {
		case 'tool': {
			const name = typeof data['name'] === 'string' ? data['name'] : 'a tool';
			return phase === 'result' ? {...current, activity: 'thinking about the result'} : {...current, activity: `running ${name}${argumentSummary(data['args'], 40)}`};
		}

		case 'thinking': {
			return {...current, activity: 'thinking'};
		}

		case 'run_status': {
			if (phase === 'retrying') {
				const reason = typeof data['reason'] === 'string' ? data['reason'] : undefined;
				const attempt = typeof data['attempt'] === 'number' ? data['attempt'] : undefined;
				const maxAttempts = typeof data['maxAttempts'] === 'number' ? data['maxAttempts'] : undefined;
				return {...current, retry: retryText(reason, attempt, maxAttempts, current.httpStatus)};
			}

			return phase ? {...current, activity: phaseWords[phase] ?? phase.replaceAll('_', ' ')} : current;
		}

		case 'lifecycle': {
			// A failed model call (recorded: `finishing` with `error: "… (provider internal error, HTTP 500) …"`).
			const status = typeof data['error'] === 'string' ? /\bHTTP (\d{3})\b/.exec(data['error'])?.[1] : undefined;
			return status ? {...current, httpStatus: Number(status)} : current;
		}

		default: {
			return progress?.runId === event.runId ? current : progress;
		}
	}
}

/** `model answered 429 · retrying (attempt 2/10)`: the reason (recorded: `rate_limit`, `server_error`, `timeout`…) and attempt. */
function retryText(reason: string | undefined, attempt: number | undefined, maxAttempts: number | undefined, httpStatus: number | undefined): string {
	const status = httpStatus ?? (reason === 'rate_limit' ? 429 : undefined);
	const why = status === undefined ? (reason === 'timeout' ? 'model timed out' : `model failed${reason ? ` (${reason.replaceAll('_', ' ')})` : ''}`) : `model answered ${status}`;
	// The gateway counts attempts, the first one included: its first retry is attempt 2.
	const count = attempt === undefined ? '' : ` (attempt ${attempt}${maxAttempts === undefined ? '' : `/${maxAttempts}`})`;
	return `${why} · retrying${count}`;
}

/** The status line's words for a run: `waiting for the model · 12 s`, with a retry before the time. */
export function describeProgress(progress: RunProgress, now: number): string {
	const seconds = Math.max(0, Math.floor((now - progress.startedAt) / 1000));
	return [progress.activity, ...(progress.retry ? [progress.retry] : []), `${seconds} s`].join(' · ');
}
