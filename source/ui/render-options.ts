import type {RenderOptions} from 'ink';

/**
 * Ink options shared by every full-screen view.
 *
 * Tether only renders a TUI once it has checked that it owns a terminal, so it
 * is interactive by definition: without saying so, Ink treats any shell with
 * `CI` set (devcontainers, CI jobs driving tmux) as a log and draws nothing until exit.
 */
export const terminalRenderOptions = {interactive: true, maxFps: 30, patchConsole: false} as const satisfies RenderOptions;
