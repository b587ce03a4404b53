/**
 * Markdown for the terminal, as models write it, from text that was made safe first: marked's lexer (GFM, a
 * single newline a line break) and this small renderer over its tokens. Every line it returns fits `width`
 * columns (tables included, see markdown-table.ts); a list counts on from the number it starts with (a streamed
 * tail that starts at item 12 shows 12); links are OSC 8 hyperlinks where the terminal makes them clickable and
 * `text (url)` elsewhere. Code blocks in a language of highlight.ts are highlighted by highlight.js.
 * Why not marked-terminal: see DESIGN.md (Markdown).
 */
import chalk from 'chalk';
import {Lexer, type Token, type Tokens} from 'marked';
import {wrapStyled} from './wrap.js';
import {supportsHyperlinks} from './hyperlinks.js';
import {highlightCode, supportsLanguage} from './highlight.js';
import {renderTable} from './markdown-table.js';
import {BlockTokenizer} from './block-tokenizer.js';
import {sanitize} from './sanitize.js';
import {columnsOf, expandTabs} from './width.js';

export type MarkdownOptions = {
	/** OSC 8 links (default: whether this process's terminal supports them, see hyperlinks.ts). */
	hyperlinks?: boolean;
};

let terminalLinks: boolean | undefined;

/**
 * Renders untrusted markdown to styled terminal text, each line at most `width` columns. The source is
 * sanitised before parsing (and entities after decoding), so the only escape sequences in the output are the
 * renderer's own styling and links.
 */
export function renderMarkdown(text: string, width: number, options: MarkdownOptions = {}): string {
	// oxlint-disable-next-line typescript/no-unnecessary-boolean-literal-compare -- isTTY is undefined, not false, on a pipe, whatever its type says
	terminalLinks ??= supportsHyperlinks(process.env, process.stdout.isTTY === true);
	const look: Look = {width: Math.max(1, width), links: options.hyperlinks ?? terminalLinks};
	const tokens = Lexer.lex(sanitize(text), {gfm: true, breaks: true, tokenizer: new BlockTokenizer()});
	return blocks(tokens, look, false).join('\n');
}

type Look = {width: number; links: boolean};

/** Block tokens as lines; a blank line between blocks unless `tight` (the parts of a tight list item). */
function blocks(tokens: readonly Token[], look: Look, tight: boolean): string[] {
	const out: string[] = [];
	for (const token of tokens) {
		const lines = block(token, look);
		if (lines.length === 0) {
			continue;
		}

		if (out.length > 0 && !tight) {
			out.push('');
		}

		out.push(...lines);
	}

	return out;
}

function block(token: Token, look: Look): string[] {
	const {width} = look;
	switch (token.type) {
		case 'space':
		case 'def': {
			return [];
		}

		case 'paragraph':
		case 'text': {
			const {tokens} = token as Tokens.Paragraph | Tokens.Text;
			return wrap(tokens ? inline(tokens, look) : decode(token.text as string), width);
		}

		case 'heading': {
			const {depth, tokens} = token as Tokens.Heading;
			const text = inline(tokens, look);
			return wrap(depth === 1 ? chalk.bold.underline(text) : chalk.bold(text), width);
		}

		case 'code': {
			return code(token as Tokens.Code, width);
		}

		case 'blockquote': {
			const bar = chalk.dim('│ ');
			return blocks((token as Tokens.Blockquote).tokens, {...look, width: Math.max(1, width - 2)}, false).map(line => `${bar}${line}`);
		}

		case 'list': {
			return list(token as Tokens.List, look);
		}

		case 'table': {
			const table = token as Tokens.Table;
			return renderTable(
				{
					header: table.header.map(cell => inline(cell.tokens, look)),
					rows: table.rows.map(row => row.map(cell => inline(cell.tokens, look))),
					align: table.align,
				},
				width,
			);
		}

		case 'hr': {
			return [chalk.dim('─'.repeat(Math.min(width, 40)))];
		}

		case 'html': {
			return wrap(decode(token.text as string).replace(/\n+$/, ''), width);
		}

		default: {
			return wrap(textOf(token), width);
		}
	}
}

/** Items with their numbers as written (`start`), each item's lines hanging under its marker. */
function list(token: Tokens.List, look: Look): string[] {
	const start = typeof token.start === 'number' ? token.start : 1;
	const markers = token.items.map((item, index) => {
		const marker = token.ordered ? `${start + index}.` : '*';
		return item.task ? `${marker} ${item.checked ? '[x]' : '[ ]'}` : marker;
	});
	const hang = Math.max(...markers.map(marker => marker.length)) + 1;
	const out: string[] = [];
	for (const [index, item] of token.items.entries()) {
		if (index > 0 && token.loose) {
			out.push('');
		}

		const content = item.tokens.filter(child => child.type !== 'checkbox');
		const lines = blocks(content, {...look, width: Math.max(1, look.width - hang)}, !item.loose);
		const first = markers[index]!.padEnd(hang);
		out.push(...(lines.length === 0 ? [first.trimEnd()] : lines.map((line, at) => (at === 0 ? first : ' '.repeat(hang)) + line)));
	}

	return out;
}

/** A code block indented by two columns, highlighted in a language we load, its long lines cut at the width. */
function code(token: Tokens.Code, width: number): string[] {
	const language = token.lang?.split(/\s/)[0] ?? '';
	const source = expandTabs(token.text);
	const shown = language !== '' && supportsLanguage(language) ? highlightCode(source, language) : chalk.yellow(source);
	const room = Math.max(1, width - 2);
	return shown.split('\n').flatMap(line => (columnsOf(line) <= room ? [line] : wrapStyled(line, room, {trim: false, wordWrap: false}).split('\n')).map(part => `  ${part}`));
}

/** Inline tokens as one styled string; a line break (a single newline in the source) stays `\n`. */
function inline(tokens: readonly Token[], look: Look): string {
	return tokens.map(token => inlineToken(token, look)).join('');
}

function inlineToken(token: Token, look: Look): string {
	switch (token.type) {
		case 'text': {
			const {tokens} = token as Tokens.Text;
			return tokens ? inline(tokens, look) : decode(token.text as string);
		}

		case 'escape': {
			return decode(token.text as string);
		}

		case 'strong': {
			return chalk.bold(inline((token as Tokens.Strong).tokens, look));
		}

		case 'em': {
			return chalk.italic(inline((token as Tokens.Em).tokens, look));
		}

		case 'del': {
			return chalk.strikethrough(inline((token as Tokens.Del).tokens, look));
		}

		case 'codespan': {
			return chalk.yellow(decode(token.text as string));
		}

		case 'br': {
			return '\n';
		}

		case 'link': {
			const {href, tokens} = token as Tokens.Link;
			return link(inline(tokens, look), href, look);
		}

		case 'image': {
			const {href, text} = token as Tokens.Image;
			return link(`[image: ${decode(text)}]`, href, look);
		}

		case 'html': {
			return decode(token.text as string);
		}

		default: {
			return textOf(token);
		}
	}
}

/** A clickable link (OSC 8, underlined), or the text with its address beside it; the address alone when it is the text. */
function link(text: string, href: string, look: Look): string {
	const url = sanitize(href);
	// eslint-disable-next-line no-control-regex -- colour codes start with ESC
	const plain = text.replaceAll(/\u001B\[[\d;]*m/g, '');
	if (look.links && url !== '') {
		return `\u001B]8;;${url}\u0007${chalk.underline.blue(text)}\u001B]8;;\u0007`;
	}

	return plain === url || `mailto:${plain}` === url || url === '' ? chalk.blue(text) : `${chalk.blue(text)} ${chalk.dim(`(${url})`)}`;
}

/** Paragraph lines wrapped by words at `width` columns (a longer word cut), each source line break kept. */
function wrap(text: string, width: number): string[] {
	// wrap-ansi allocates in proportion to what it is given: a line that fits is left alone.
	return text.split('\n').flatMap(line => {
		const expanded = expandTabs(line);
		return columnsOf(expanded) <= width ? [expanded.trim()] : wrapStyled(expanded, width).split('\n');
	});
}

/** The text of a token this renderer has no case for (an extension's), or nothing. */
function textOf(token: Token): string {
	const {text} = token as {text?: unknown};
	return typeof text === 'string' ? decode(text) : '';
}

const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' '};

/** HTML entities as the characters they stand for; a numeric one that names a control character is dropped with sanitize. */
function decode(text: string): string {
	if (!text.includes('&')) {
		return text;
	}

	const decoded = text.replaceAll(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
		if (name.startsWith('#')) {
			const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
			return code > 0 && code <= 0x10_FF_FF ? String.fromCodePoint(code) : whole;
		}

		return entities[name.toLowerCase()] ?? whole;
	});
	return sanitize(decoded);
}
