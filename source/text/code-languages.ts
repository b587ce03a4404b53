/**
 * marked-terminal highlights code through cli-highlight, which loads highlight.js with every one of its 190
 * languages: 12 MB resident and 25 ms of every TUI start, and a code block without a language name is
 * auto-detected against all of them. Its `require('highlight.js')` is pointed at highlight.js's core instead,
 * with the languages replies are written in registered on it; a block in another language shows unhighlighted.
 * Imported before marked-terminal (see markdown.ts), so that the hook is in place when cli-highlight loads.
 * `module.registerHooks` exists from Node 22.15 and 23.5 on: on an older Node the hook is skipped, and
 * cli-highlight loads every language as it would by itself (slower, same output).
 */
import module, {createRequire} from 'node:module';

const languages = [
	'bash', 'c', 'cpp', 'csharp', 'css', 'diff', 'dockerfile', 'elixir', 'go', 'haskell', 'http', 'ini', 'java',
	'javascript', 'json', 'kotlin', 'lua', 'makefile', 'markdown', 'nginx', 'objectivec', 'perl', 'php', 'plaintext',
	'powershell', 'properties', 'protobuf', 'python', 'r', 'ruby', 'rust', 'scala', 'scss', 'shell', 'sql', 'swift',
	'typescript', 'xml', 'yaml',
];

// Read as a property, not imported by name: a missing named export fails the whole import on an older Node.
const {registerHooks} = module as Partial<Pick<typeof module, 'registerHooks'>>;
if (registerHooks) {
	registerHooks({
		resolve(specifier, context, nextResolve) {
			const fromCliHighlight = specifier === 'highlight.js' && context.parentURL?.includes('/cli-highlight/') === true;
			return nextResolve(fromCliHighlight ? 'highlight.js/lib/core' : specifier, context);
		},
	});

	// The same highlight.js cli-highlight resolves, wherever npm put it.
	const fromCliHighlight = createRequire(createRequire(import.meta.url).resolve('cli-highlight'));
	const hljs = fromCliHighlight('highlight.js/lib/core') as {registerLanguage(name: string, language: unknown): void};
	for (const name of languages) {
		hljs.registerLanguage(name, fromCliHighlight(`highlight.js/lib/languages/${name}`));
	}
}
