/**
 * The embedded gateway's own health check, every `session.health_check_interval` seconds: the agent's endpoint
 * answers, the data dir is writable, the disk has room. The last result is kept in health.json in the data dir,
 * where `tether service status` and `tether doctor` read it. The schedule and the probes are injected.
 */
import {randomUUID} from 'node:crypto';
import {readFile, rename, statfs, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {z} from 'zod';
import {formatBytes} from '../text/format.js';

export type HealthCheck = {name: string; ok: boolean; detail: string};

/** One round of checks; `at` is ms since the epoch. */
export type HealthReport = {at: number; ok: boolean; checks: HealthCheck[]};

const reportSchema = z.object({at: z.number(), ok: z.boolean(), checks: z.array(z.object({name: z.string(), ok: z.boolean(), detail: z.string()}))});

export const healthPath = (dataDir: string) => path.join(dataDir, 'health.json');

/** Below this many free bytes the disk check fails: a session file or the history may soon not be written. */
export const lowDiskBytes = 100 * 1024 * 1024;

/** Each probe answers for itself and never throws. */
export type HealthProbe = () => Promise<HealthCheck>;

/** A repeating timer, as setInterval; tests drive it by hand. */
export type Schedule = (run: () => void, everyMs: number) => {cancel(): void};

export type HealthMonitorOptions = {
	probes: readonly HealthProbe[];
	intervalMs: number;
	/** Where each report goes (health.json in the gateway). */
	record(report: HealthReport): Promise<void>;
	now?: () => number;
	schedule?: Schedule;
};

const everyInterval: Schedule = (run, everyMs) => {
	const timer = setInterval(run, everyMs);
	timer.unref();
	return {cancel: () => clearInterval(timer)};
};

/**
 * Checks now and then every `intervalMs`; a round still running when the next is due is not doubled. `stop`
 * cancels the schedule and waits for a round in progress.
 */
export function startHealthMonitor(options: HealthMonitorOptions): {stop(): Promise<void>; checked(): Promise<HealthReport | undefined>} {
	const now = options.now ?? Date.now;
	let running: Promise<HealthReport | undefined> | undefined;
	let last: Promise<HealthReport | undefined> = Promise.resolve(undefined);
	const round = () => {
		if (running) {
			return;
		}

		running = (async () => {
			const checks = await Promise.all(options.probes.map(async probe => probe()));
			const report = {at: now(), ok: checks.every(check => check.ok), checks};
			// A report that cannot be written (the disk is full, say) is the next round's finding; the gateway goes on.
			await options.record(report).catch(() => undefined);
			return report;
		})().finally(() => {
			running = undefined;
		});
		last = running;
	};

	round();
	const timer = (options.schedule ?? everyInterval)(round, options.intervalMs);
	return {
		async stop() {
			timer.cancel();
			await running;
		},
		/** The latest round's report, once it is written. */
		async checked() {
			return last;
		},
	};
}

/** Writes a file in the data dir and removes it again. */
export function dataDirProbe(dataDir: string): HealthProbe {
	return async () => {
		const probe = path.join(dataDir, `.health-${randomUUID()}`);
		try {
			await writeFile(probe, 'ok', {mode: 0o600});
			await unlink(probe);
			return {name: 'data dir', ok: true, detail: `${dataDir} is writable`};
		} catch (error) {
			return {name: 'data dir', ok: false, detail: `${dataDir} is not writable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`};
		}
	};
}

/** Free space where the data dir is; `free` is injected by tests (bytes). */
export function diskProbe(dataDir: string, free: (dir: string) => Promise<number> = freeBytes): HealthProbe {
	return async () => {
		try {
			const bytes = await free(dataDir);
			const said = `${formatBytes(bytes)} free`;
			return bytes < lowDiskBytes ? {name: 'disk', ok: false, detail: `only ${said} where ${dataDir} is`} : {name: 'disk', ok: true, detail: said};
		} catch (error) {
			return {name: 'disk', ok: false, detail: `cannot tell the free space: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`};
		}
	};
}

async function freeBytes(dir: string): Promise<number> {
	const stats = await statfs(dir);
	return stats.bavail * stats.bsize;
}

/** Atomic (a temp file renamed over), private: a reader never sees half a report. */
export async function writeHealth(dataDir: string, report: HealthReport): Promise<void> {
	const file = healthPath(dataDir);
	const temporary = `${file}.${process.pid}.tmp`;
	await writeFile(temporary, JSON.stringify(report), {mode: 0o600});
	await rename(temporary, file);
}

/** The last report, or undefined when there is none (or it is unreadable). */
export async function readHealth(dataDir: string): Promise<HealthReport | undefined> {
	try {
		return reportSchema.parse(JSON.parse(await readFile(healthPath(dataDir), 'utf8')));
	} catch {
		return undefined;
	}
}

/** `ok 12 s ago` / `BAD 3 min ago: disk: only 40.0 MB free`: the failed checks, or ok. `now` in ms. */
export function describeHealth(report: HealthReport, now: number, age: (ms: number) => string): string {
	const when = `${age(Math.max(0, now - report.at))} ago`;
	const failed = report.checks.filter(check => !check.ok);
	return failed.length === 0 ? `ok ${when} (${report.checks.map(check => check.name).join(', ')})` : `failed ${when}: ${failed.map(check => `${check.name}: ${check.detail}`).join('; ')}`;
}
