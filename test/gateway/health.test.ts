import {readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	dataDirProbe,
	describeHealth,
	diskProbe,
	lowDiskBytes,
	readHealth,
	startHealthMonitor,
	writeHealth,
	type HealthCheck,
	type HealthReport,
	type Schedule,
} from '../../source/gateway/health.js';
import {formatBytes} from '../../source/text/format.js';
import {formatDuration} from '../../source/session/notices.js';
import {tempDir} from '../helpers.js';

/** A schedule the test ticks by hand, and a clock it sets. */
function manualSchedule() {
	const scheduled: Array<{run: () => void; everyMs: number; cancelled: boolean}> = [];
	const schedule: Schedule = (run, everyMs) => {
		const entry = {run, everyMs, cancelled: false};
		scheduled.push(entry);
		return {
			cancel() {
				entry.cancelled = true;
			},
		};
	};

	return {schedule, scheduled, tick: () => scheduled.filter(entry => !entry.cancelled).forEach(entry => entry.run())};
}

const passing = (name: string): (() => Promise<HealthCheck>) => async () => ({name, ok: true, detail: `${name} fine`});

describe('the gateway’s health check', () => {
	it('checks at once and then every interval, with the injected clock, and records each round', async () => {
		const {schedule, scheduled, tick} = manualSchedule();
		let now = 1000;
		const reports: HealthReport[] = [];
		const monitor = startHealthMonitor({probes: [passing('agent'), passing('disk')], intervalMs: 60_000, record: async report => void reports.push(report), now: () => now, schedule});
		expect(scheduled.map(entry => entry.everyMs)).toEqual([60_000]);
		await monitor.checked();
		expect(reports).toEqual([{at: 1000, ok: true, checks: [{name: 'agent', ok: true, detail: 'agent fine'}, {name: 'disk', ok: true, detail: 'disk fine'}]}]);

		now = 61_000;
		tick();
		await monitor.checked();
		expect(reports.map(report => report.at)).toEqual([1000, 61_000]);
		await monitor.stop();
		expect(scheduled[0]!.cancelled).toBe(true);
	});

	it('fails the round when one probe fails, and never runs two rounds at once', async () => {
		const {schedule, tick} = manualSchedule();
		let release: () => void = () => undefined;
		let calls = 0;
		const slow = async (): Promise<HealthCheck> => {
			calls += 1;
			await new Promise<void>(resolve => {
				release = resolve;
			});
			return {name: 'agent', ok: false, detail: 'cannot reach the model endpoint 127.0.0.1:11434: ECONNREFUSED'};
		};

		const reports: HealthReport[] = [];
		const monitor = startHealthMonitor({probes: [slow, passing('disk')], intervalMs: 1000, record: async report => void reports.push(report), now: () => 5, schedule});
		tick();
		tick();
		expect(calls).toBe(1);
		release();
		await monitor.checked();
		expect(reports).toEqual([{at: 5, ok: false, checks: [expect.objectContaining({name: 'agent', ok: false}), expect.objectContaining({ok: true})]}]);
		tick();
		expect(calls).toBe(2);
		const stopped = monitor.stop();
		release();
		await stopped;
		expect(reports).toHaveLength(2);
	});

	it('goes on when a report cannot be written', async () => {
		const {schedule, tick} = manualSchedule();
		let attempts = 0;
		const record = async () => {
			attempts += 1;
			throw new Error('ENOSPC');
		};

		const monitor = startHealthMonitor({probes: [passing('disk')], intervalMs: 1000, record, schedule});
		await monitor.checked();
		tick();
		expect((await monitor.checked())?.ok).toBe(true);
		expect(attempts).toBe(2);
		await monitor.stop();
	});

	it('finds the data dir writable, leaving nothing behind, or says why not', async () => {
		const dir = await tempDir();
		expect(await dataDirProbe(dir)()).toEqual({name: 'data dir', ok: true, detail: `${dir} is writable`});
		expect(await readdir(dir)).toEqual([]);
		const notADir = path.join(dir, 'file');
		await writeFile(notADir, '');
		expect(await dataDirProbe(notADir)()).toEqual({name: 'data dir', ok: false, detail: `${notADir} is not writable: ENOTDIR`});
	});

	it('fails the disk check below 100 MB free', async () => {
		expect(await diskProbe('/d', async () => 12_300_000_000)()).toEqual({name: 'disk', ok: true, detail: '12.3 GB free'});
		expect(await diskProbe('/d', async () => lowDiskBytes - 1)()).toEqual({name: 'disk', ok: false, detail: 'only 104.9 MB free where /d is'});
		expect((await diskProbe(await tempDir())()).ok).toBe(true);
		expect(formatBytes(950)).toBe('950 B');
	});

	it('is kept in health.json for service status and doctor, and described in one line', async () => {
		const dir = await tempDir();
		expect(await readHealth(dir)).toBeUndefined();
		const report: HealthReport = {at: 10_000, ok: false, checks: [{name: 'agent', ok: true, detail: 'fine'}, {name: 'disk', ok: false, detail: 'only 40.0 MB free where /d is'}]};
		await writeHealth(dir, report);
		expect(await readHealth(dir)).toEqual(report);
		expect(await readdir(dir)).toEqual(['health.json']);
		expect(describeHealth(report, 22_000, formatDuration)).toBe('failed 12 s ago: disk: only 40.0 MB free where /d is');
		expect(describeHealth({...report, ok: true, checks: [report.checks[0]!]}, 12_500, formatDuration)).toBe('ok 2.5 s ago (agent)');
		await writeFile(path.join(dir, 'health.json'), '{"at": "garbage"');
		expect(await readHealth(dir)).toBeUndefined();
	});
});
