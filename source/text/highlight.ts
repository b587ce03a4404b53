/**
 * Code blocks coloured by highlight.js, straight from its core with the languages replies are written in: all
 * 190 would be 12 MB resident and 25 ms of every TUI start, and a block without a language name is not guessed
 * (guessing compiles every grammar). highlight.js answers in HTML (`<span class="hljs-keyword">`); its spans
 * are turned into colours here with one regular expression, where cli-highlight ran a whole HTML parser
 * (parse5) over them: most of the time a reply with code took to render (DESIGN.md, Markdown).
 */
import {createRequire} from 'node:module';
import chalk, {type ChalkInstance} from 'chalk';
import type {HLJSApi, LanguageFn} from 'highlight.js';

const languages = [
	'bash', 'c', 'cpp', 'csharp', 'css', 'diff', 'dockerfile', 'elixir', 'go', 'haskell', 'http', 'ini', 'java',
	'javascript', 'json', 'kotlin', 'lua', 'makefile', 'markdown', 'nginx', 'objectivec', 'perl', 'php', 'plaintext',
	'powershell', 'properties', 'protobuf', 'python', 'r', 'ruby', 'rust', 'scala', 'scss', 'shell', 'sql', 'swift',
	'typescript', 'xml', 'yaml',
];

let loaded: HLJSApi | undefined;

/** highlight.js's core with our languages, loaded at the first code block (CommonJS, hence require). */
function hljs(): HLJSApi {
	if (!loaded) {
		const require = createRequire(import.meta.url);
		const core = require('highlight.js/lib/core') as HLJSApi;
		for (const name of languages) {
			core.registerLanguage(name, require(`highlight.js/lib/languages/${name}`) as LanguageFn);
		}

		loaded = core;
	}

	return loaded;
}

/** Whether a fenced block's language name (or an alias of one, `ts`, `sh`) is one we highlight. */
export function supportsLanguage(name: string): boolean {
	return hljs().getLanguage(name) !== undefined;
}

/** The colour of each highlight.js scope (its class without `hljs-`); scopes not named here keep the text's colour. */
const scopes: Record<string, ChalkInstance> = {
	keyword: chalk.blue,
	built_in: chalk.cyan,
	type: chalk.cyan,
	literal: chalk.blue,
	number: chalk.green,
	regexp: chalk.red,
	string: chalk.red,
	comment: chalk.gray,
	doctag: chalk.gray,
	meta: chalk.gray,
	tag: chalk.gray,
	name: chalk.blue,
	attr: chalk.cyan,
	attribute: chalk.cyan,
	function: chalk.yellow,
	class: chalk.blue,
	'selector-tag': chalk.blue,
	addition: chalk.green,
	deletion: chalk.red,
	emphasis: chalk.italic,
	strong: chalk.bold,
	link: chalk.underline,
};

const html: Record<string, string> = {'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'"};

/** `code` in `language` (which supportsLanguage accepts) with colour codes; the text itself unchanged. */
export function highlightCode(code: string, language: string): string {
	const {value} = hljs().highlight(code, {language, ignoreIllegals: true});
	const styles: Array<ChalkInstance | undefined> = [];
	let out = '';
	for (const [, open, close, text] of value.matchAll(/<span class="([^"]*)">|(<\/span>)|([^<]+)/g)) {
		if (open !== undefined) {
			// `hljs-title function_` (v11) or `hljs-function` (v10): the scope, or its sub-scope when we colour that.
			const names = open.split(' ').map(name => name.replace(/^hljs-/, '').replace(/_$/, ''));
			styles.push(scopes[names.at(-1)!] ?? scopes[names[0]!] ?? styles.at(-1));
		} else if (close === undefined) {
			const plain = text!.replaceAll(/&(?:amp|lt|gt|quot|#x27|#39);/g, entity => html[entity]!);
			const style = styles.at(-1);
			out += style ? style(plain) : plain;
		} else {
			styles.pop();
		}
	}

	return out;
}
