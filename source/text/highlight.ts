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

/**
 * The languages replies are written in, each with the aliases its highlight.js module declares (a test keeps
 * the two in step): a block is highlighted by loading only its language's grammar, not all 39, which cost a
 * reattach ~40 ms before its first screen (bench/README.md, Reattach).
 */
export const languageAliases: Readonly<Record<string, readonly string[]>> = {
	bash: ['sh', 'zsh'],
	c: ['h'],
	cpp: ['cc', 'c++', 'h++', 'hpp', 'hh', 'hxx', 'cxx'],
	csharp: ['cs', 'c#'],
	css: [],
	diff: ['patch'],
	dockerfile: ['docker'],
	elixir: ['ex', 'exs'],
	go: ['golang'],
	haskell: ['hs'],
	http: ['https'],
	ini: ['toml'],
	java: ['jsp'],
	javascript: ['js', 'jsx', 'mjs', 'cjs'],
	json: ['jsonc', 'json5'],
	kotlin: ['kt', 'kts', 'ktm', 'ktx'],
	lua: ['pluto'],
	makefile: ['mk', 'mak', 'make'],
	markdown: ['md', 'mkdown', 'mkd'],
	nginx: ['nginxconf'],
	objectivec: ['mm', 'objc', 'obj-c', 'obj-c++', 'objective-c++'],
	perl: ['pl', 'pm'],
	php: [],
	plaintext: ['text', 'txt'],
	powershell: ['pwsh', 'ps', 'ps1'],
	properties: [],
	protobuf: ['proto'],
	python: ['py', 'gyp', 'ipython'],
	r: [],
	ruby: ['rb', 'gemspec', 'podspec', 'thor', 'irb'],
	rust: ['rs'],
	scala: [],
	scss: [],
	shell: ['console', 'shellsession'],
	sql: [],
	swift: [],
	typescript: ['ts', 'tsx', 'mts', 'cts'],
	xml: ['html', 'xhtml', 'rss', 'atom', 'xjb', 'xsd', 'xsl', 'plist', 'wsf', 'svg'],
	yaml: ['yml'],
};

/** A fenced block's language name or alias, lower-cased as highlight.js compares them, to its module's name. */
const moduleOf = new Map(Object.entries(languageAliases).flatMap(([name, aliases]) => [name, ...aliases].map(alias => [alias, name] as const)));

const require = createRequire(import.meta.url);
let core: HLJSApi | undefined;

/**
 * highlight.js's core with the grammar of `language` registered, loaded at the first block in it (CommonJS,
 * hence require). A grammar that embeds another (`subLanguage`, as PHP embeds XML) highlights that part once
 * the other is loaded too, as highlight.js does for any language it does not know.
 */
function hljs(language: string): HLJSApi {
	core ??= require('highlight.js/lib/core') as HLJSApi;
	const name = moduleOf.get(language.toLowerCase());
	if (name !== undefined && core.getLanguage(name) === undefined) {
		core.registerLanguage(name, require(`highlight.js/lib/languages/${name}`) as LanguageFn);
	}

	return core;
}

/** Whether a fenced block's language name (or an alias of one, `ts`, `sh`) is one we highlight. */
export function supportsLanguage(name: string): boolean {
	return moduleOf.has(name.toLowerCase());
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
	const {value} = hljs(language).highlight(code, {language, ignoreIllegals: true});
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
