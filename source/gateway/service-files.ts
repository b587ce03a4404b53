/**
 * The files that make the embedded gateway a user service: a systemd user unit (Linux) and a launchd agent
 * plist (macOS), as `openclaw daemon` and similar tools write them. Pure: text from a spec, no I/O.
 */
import {TetherError} from '../errors.js';

/** Unit name (systemd) and label (launchd). */
export const systemdUnitName = 'tether-gateway.service';
export const launchdLabel = 'dev.tether.gateway';

/**
 * What the service runs: `node tether.js serve --data-dir DIR` with `environment` added to the service manager's
 * own (HOME, PATH…). No port and no agent: `serve` reads them from the config at every start. Paths absolute.
 */
export type ServiceSpec = {
	node: string;
	script: string;
	dataDir: string;
	/** At least TETHER_SERVICE (the supervisor's name, recorded in gateway.json) and TETHER_CONFIG_DIR. */
	environment: Record<string, string>;
	/** Where launchd writes the gateway's output (systemd keeps it in the journal). */
	logFile: string;
};

/** The command line the service runs. */
export function serviceArgs(spec: ServiceSpec): string[] {
	return [spec.node, spec.script, 'serve', '--data-dir', spec.dataDir];
}

/** Exit code of a refusal that a restart cannot cure (UsageError: a config error, the port taken): not restarted. */
const usageExitCode = 2;

/**
 * A systemd user unit: started at login (default.target), restarted after a crash but not after a clean stop
 * or a config error, and given up on after five failed starts in five minutes.
 */
export function systemdUnit(spec: ServiceSpec): string {
	const environment = Object.entries(spec.environment).map(([name, value]) => systemdQuote(`${name}=${value}`, false));
	return [
		'# Written by `tether service install`; `tether service uninstall` removes it.',
		'[Unit]',
		'Description=Tether embedded gateway',
		'StartLimitIntervalSec=300',
		'StartLimitBurst=5',
		'',
		'[Service]',
		'Type=simple',
		`ExecStart=${serviceArgs(spec)
			.map(arg => systemdQuote(arg, true))
			.join(' ')}`,
		'WorkingDirectory=~',
		...(environment.length > 0 ? [`Environment=${environment.join(' ')}`] : []),
		'Restart=on-failure',
		'RestartSec=5',
		`RestartPreventExitStatus=${usageExitCode}`,
		'TimeoutStopSec=20',
		'',
		'[Install]',
		'WantedBy=default.target',
		'',
	].join('\n');
}

/**
 * One word of a unit file line: double-quoted when it has anything but plain path characters, with `\` and `"`
 * escaped, `%` doubled (systemd specifiers) and, in a command line, `$` doubled (variable expansion).
 * Throws on a control character, which no unit line can carry.
 */
export function systemdQuote(word: string, commandLine: boolean): string {
	// eslint-disable-next-line no-control-regex -- a unit file cannot hold control characters; the word is refused
	if (/[\u0000-\u001F\u007F]/.test(word)) {
		throw new TetherError(`cannot write ${JSON.stringify(word)} into a systemd unit: it has a control character`);
	}

	const escaped = word.replaceAll('%', '%%').replaceAll(commandLine ? '$' : '\u0000', '$$$$');
	return /^[\w/.:@+,=-]+$/.test(escaped) ? escaped : `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', String.raw`\"`)}"`;
}

/**
 * A launchd agent: loaded at login (RunAtLoad), kept alive after a crash but not after a clean exit
 * (KeepAlive.SuccessfulExit false), no faster than every 5 s.
 */
export function launchdPlist(spec: ServiceSpec): string {
	const strings = (indent: string, values: readonly string[]) => values.map(value => `${indent}<string>${xml(value)}</string>`);
	const environment = Object.entries(spec.environment).flatMap(([name, value]) => [`\t\t<key>${xml(name)}</key>`, `\t\t<string>${xml(value)}</string>`]);
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
		'<!-- Written by `tether service install`; `tether service uninstall` removes it. -->',
		'<plist version="1.0">',
		'<dict>',
		'\t<key>Label</key>',
		`\t<string>${launchdLabel}</string>`,
		'\t<key>ProgramArguments</key>',
		'\t<array>',
		...strings('\t\t', serviceArgs(spec)),
		'\t</array>',
		'\t<key>EnvironmentVariables</key>',
		'\t<dict>',
		...environment,
		'\t</dict>',
		'\t<key>RunAtLoad</key>',
		'\t<true/>',
		'\t<key>KeepAlive</key>',
		'\t<dict>',
		'\t\t<key>SuccessfulExit</key>',
		'\t\t<false/>',
		'\t</dict>',
		'\t<key>ThrottleInterval</key>',
		'\t<integer>5</integer>',
		'\t<key>StandardOutPath</key>',
		`\t<string>${xml(spec.logFile)}</string>`,
		'\t<key>StandardErrorPath</key>',
		`\t<string>${xml(spec.logFile)}</string>`,
		'</dict>',
		'</plist>',
		'',
	].join('\n');
}

function xml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}
