/** Markdown for the terminal (marked + marked-terminal), from text that was made safe first. */
import './code-languages.js';
import chalk from 'chalk';
import {Marked} from 'marked';
import {markedTerminal} from 'marked-terminal';
import {sanitize} from './sanitize.js';

const renderers = new Map<number, Marked>();

/**
 * Renders untrusted markdown to styled terminal text. The source is sanitised before parsing, so the only
 * escape sequences in the output are the renderer's own styling.
 */
export function renderMarkdown(text: string, width: number): string {
	let renderer = renderers.get(width);
	if (!renderer) {
		// Tables colour themselves; with colour off (NO_COLOR, not a terminal) they must not.
		const plain = chalk.level === 0 ? {tableOptions: {style: {head: [], border: []}}} : {};
		renderer = new Marked(markedTerminal({width, reflowText: true, tab: 2, showSectionPrefix: false, ...plain}) as Parameters<Marked['use']>[0]);
		renderers.set(width, renderer);
	}

	return (renderer.parse(sanitize(text), {async: false}) as string).replace(/\n+$/, '');
}
