import {describe, expect, it, vi} from 'vitest';
import chalk from 'chalk';
import {createRequire} from 'node:module';
import type {HLJSApi, LanguageFn} from 'highlight.js';
import {languageAliases, supportsLanguage} from '../../source/text/highlight.js';
import {supportsHyperlinks} from '../../source/text/hyperlinks.js';
import {renderMarkdown} from '../../source/text/markdown.js';
import {fitWidths} from '../../source/text/markdown-table.js';
import {printTranscript} from '../../source/text/transcript.js';
import {columnsOf} from '../../source/text/width.js';
import {printMessage} from '../../source/ui/print.js';
import {reply} from '../builders.js';

describe('code in replies', () => {
	it('is highlighted in the languages replies are written in, not all 190 highlight.js knows', () => {
		renderMarkdown('`loaded`', 80);
		expect(['python', 'typescript', 'ts', 'bash', 'json', 'rust'].every(name => supportsLanguage(name))).toBe(true);
		expect(supportsLanguage('cobol')).toBe(false);
	});

	it('knows each language by the aliases its highlight.js grammar declares, so loading one grammar finds the block', () => {
		const require = createRequire(import.meta.url);
		const hljs = require('highlight.js/lib/core') as HLJSApi;
		for (const [name, aliases] of Object.entries(languageAliases)) {
			const grammar = (require(`highlight.js/lib/languages/${name}`) as LanguageFn)(hljs);
			expect([name, ...(grammar.aliases ?? [])]).toEqual([name, ...aliases]);
		}
	});

	it('highlights a block named by an alias in any case (`TS`, `sh`)', () => {
		const keyword = /\u001B\[\d+mconst\u001B\[\d+m/;
		const saved = chalk.level;
		chalk.level = 1;
		try {
			expect(renderMarkdown('```TS\nconst x = 1;\n```', 80)).toMatch(keyword);
			expect(renderMarkdown('```sh\necho hi\n```', 80)).toContain('echo');
		} finally {
			chalk.level = saved;
		}
	});

	it('shows a block in another language, or none, as it is, without a word on the console', () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const text = renderMarkdown('```cobol\nDISPLAY "HI".\n```\n\n```\nplain text\n```', 80);
		expect(text).toContain('DISPLAY "HI".');
		expect(text).toContain('plain text');
		expect([...errors.mock.calls, ...warnings.mock.calls]).toEqual([]);
	});
});

const plain = (text: string) => text.replaceAll(/\u001B\[[\d;]*m/g, '').replaceAll(/\u001B\]8;;[^\u0007]*\u0007/g, '');
const columns = (line: string) => columnsOf(line);
const cell = 'abcdefgh ijklmnop qrstuvwx'; // 26 characters

describe('tables', () => {
	const table = `| one | two | three |\n|---|:---:|---:|\n| ${cell} | ${cell} | ${cell} |\n| a | b | c |`;

	it('fit the width: a 3-column table of 26-character cells at 80 columns shrinks and wraps instead of tearing its borders', () => {
		const text = printMessage(reply('run', table), {columns: 80, timestamps: false, fresh: false});
		const lines = plain(text).split('\n').slice(2);
		expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(80);
		// Every line of the grid is whole: a border opens and closes it.
		expect(lines.every(line => /^ {2}[┌├└│].*[┐┤┘│]$/.test(line))).toBe(true);
		expect(lines.filter(line => line.startsWith('  ┌'))).toHaveLength(1);
		expect(lines.join(' ').replaceAll(/[│\s]+/g, ' ')).toContain('abcdefgh ijklmnop');
		expect(plain(text).match(/qrstuvwx/g)).toHaveLength(3);
	});

	it('keep natural widths when they fit, aligned as the separator row says', () => {
		const lines = plain(renderMarkdown('| left | centre | right |\n|---|:---:|---:|\n| a | b | c |', 80)).split('\n');
		expect(lines[3]).toBe('│ a    │   b    │     c │');
	});

	it('become records of header: value at a width too narrow for a grid', () => {
		const lines = plain(renderMarkdown(table, 16)).split('\n');
		expect(lines).toContain('one: abcdefgh');
		expect(lines.every(line => columns(line) <= 16)).toBe(true);
		expect(lines).toContain('three: c');
	});

	it('lay out widths by capping the widest columns first', () => {
		expect(fitWidths([10, 40, 40], 60)).toEqual([10, 25, 25]);
		expect(fitWidths([3, 4], 20)).toEqual([3, 4]);
		expect(fitWidths([30, 30, 30], 9)).toBeUndefined();
	});
});

describe('replies as models write them', () => {
	it('keep a single newline as a line break, the same in the TUI and in show', () => {
		const tui = plain(printMessage(reply('run', 'first line\nsecond line'), {columns: 80, timestamps: false, fresh: false})).split('\n');
		expect(tui.slice(2)).toEqual(['  first line', '  second line']);
		const data = {name: 'main', createdAt: '2026-11-24T10:00:00.000Z', messages: []} as unknown as Parameters<typeof printTranscript>[0];
		const shown = plain(printTranscript(data, [reply('run', 'first line\nsecond line')], {styled: true, width: 80, renderMarkdown}));
		expect(shown).toContain('first line\nsecond line');
	});

	it('render bold and italic inside list items', () => {
		const level = chalk.level;
		chalk.level = 1;
		try {
			const text = renderMarkdown('- a **bold** word\n- an *italic* one\n1. **numbered**', 80);
			expect(text).not.toMatch(/\*\*|\*italic/);
			expect(text).toContain(chalk.bold('bold'));
			expect(text).toContain(chalk.italic('italic'));
			expect(text).toContain(chalk.bold('numbered'));
		} finally {
			chalk.level = level;
		}
	});

	it('keep the numbers a list was written with', () => {
		expect(plain(renderMarkdown('12. twelve\n13. thirteen', 80)).split('\n')).toEqual(['12. twelve', '13. thirteen']);
	});

	it('keep a streamed list numbered as written when only its end fits the screen', () => {
		const list = Array.from({length: 60}, (_, index) => `${index + 1}. item **${index + 1}**`).join('\n');
		const lines = plain(printMessage(reply('run', list, {status: 'streaming'}), {columns: 80, timestamps: false, fresh: false, maxLines: 10})).split('\n');
		expect(lines.at(-1)).toBe('  60. item 60');
		expect(lines.at(-2)).toBe('  59. item 59');
		expect(lines).not.toContain('  1. item 1');
	});

	it('show a table streamed past the screen as a table of whole rows, its header kept, not loose pipes', () => {
		const rows = Array.from({length: 60}, (_, index) => `| ${index + 1} | ${cell} | ${cell} |`);
		const table = ['| n | one | two |', '|---:|---|---|', ...rows].join('\n');
		const lines = plain(printMessage(reply('run', table, {status: 'streaming'}), {columns: 80, timestamps: false, fresh: false, maxLines: 12})).split('\n');
		const body = lines.slice(lines.findIndex(line => line.includes('start is above')) + 1);
		expect(body.length).toBeLessThanOrEqual(12);
		expect(body.some(line => line.includes('|'))).toBe(false); // the pipes are drawn as borders
		expect(body.join('\n')).toMatch(/│\s+n\s+│\s+one/); // the header row is there
		expect(body.join('\n')).toContain('60');
		// The first row after the header is whole: its number shows, not only the wrapped end of its cells.
		const afterHeader = body.slice(body.findIndex(line => /├|┼/.test(line)) + 1);
		expect(afterHeader[0]).toMatch(/│\s+\d+\s+│/);
	});

	it('show a code block streamed past the screen as code, its fence kept', () => {
		const code = ['Here:', '```python', ...Array.from({length: 40}, (_, index) => `# step ${index}\nx_${index} = 1`)].join('\n');
		const lines = plain(printMessage(reply('run', code, {status: 'streaming'}), {columns: 80, timestamps: false, fresh: false, maxLines: 8})).split('\n');
		// Without its fence, `# step 39` would be a heading and lose its `#`.
		expect(lines.slice(-2).map(line => line.trim())).toEqual(['# step 39', 'x_39 = 1']);
		expect(lines.some(line => line.trim() === '```python')).toBe(false);
	});

	it('make links clickable with OSC 8 where the terminal supports it, and text (url) elsewhere', () => {
		expect(renderMarkdown('see [the docs](https://example.com/d)', 80, {hyperlinks: true})).toContain('\u001B]8;;https://example.com/d\u0007');
		expect(plain(renderMarkdown('see [the docs](https://example.com/d)', 80, {hyperlinks: false}))).toBe('see the docs (https://example.com/d)');
		expect(plain(renderMarkdown('<https://example.com>', 80, {hyperlinks: false}))).toBe('https://example.com');
	});

	it('never let an entity bring back an escape sequence', () => {
		const text = renderMarkdown('a &#27;[31m b &amp; c', 80);
		expect(text).not.toContain('\u001B');
		expect(text).toContain('b & c');
	});

	it('show (empty reply) for a reply with no visible text, in the TUI and in show', () => {
		expect(plain(printMessage(reply('run', ' \n'), {columns: 80, timestamps: false, fresh: false})).split('\n')).toEqual(['', 'assistant', '  (empty reply)']);
		// A zero-width space, joiner or bidi mark alone shows nothing either.
		for (const invisible of ['\u200B', '\u200D\u200B', '\u200E ', '\u00AD']) {
			expect(plain(printMessage(reply('run', invisible), {columns: 80, timestamps: false, fresh: false}))).toContain('(empty reply)');
		}
		const data = {name: 'main', createdAt: '2026-11-24T10:00:00.000Z', messages: []} as unknown as Parameters<typeof printTranscript>[0];
		expect(printTranscript(data, [reply('run', '')], {styled: false, width: 80})).toContain('(empty reply)');
	});
});

describe('where links are clickable', () => {
	it('is read from what the terminal says about itself; never inside tmux, never when piped', () => {
		expect(supportsHyperlinks({TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.5.0'}, true)).toBe(true);
		expect(supportsHyperlinks({VTE_VERSION: '7600'}, true)).toBe(true);
		expect(supportsHyperlinks({VTE_VERSION: '7600', TMUX: '/tmp/tmux-1/default,1,0'}, true)).toBe(false);
		expect(supportsHyperlinks({TERM_PROGRAM: 'WezTerm'}, false)).toBe(false);
		expect(supportsHyperlinks({TERM: 'xterm-256color'}, true)).toBe(false);
		expect(supportsHyperlinks({FORCE_HYPERLINK: '1'}, false)).toBe(true);
	});
});
