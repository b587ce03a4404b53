/**
 * What the TUI needs of a command's context. commands/context.ts's `Context` has all of it; the UI names only
 * these so that it does not import the commands above it.
 */
import type {ConfigValues} from '../config/keys.js';
import type {Endpoint} from '../connection/link.js';
import type {GatewayReach} from '../session/gateway-sessions.js';

export type TuiContext = GatewayReach & {
	io: {stdout: NodeJS.WritableStream; stdin: NodeJS.ReadableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv};
	endpoint: () => Promise<Endpoint>;
	/** The gateway as the user will recognise it: a URL, or "embedded". */
	gatewayLabel: string;
	/** The gateway as the status line names it: the URL, or `embedded · llama3.2 @ 127.0.0.1:11434`. */
	gatewayTitle: () => Promise<string>;
	/** Where the endpoint says what is not an error (the embedded agent differs); the TUI points it at the transcript. */
	warn: (line: string) => void;
	values: ConfigValues;
	/** How the user runs Tether, for hints that name a command: `tether`, or `npm start --` from a checkout. */
	invocation: string;
};
