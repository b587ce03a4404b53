import {Lexer} from 'marked';
import {describe, expect, it} from 'vitest';
import {BlockTokenizer} from '../../source/text/block-tokenizer.js';
import {seeded} from '../random.js';

/** Lines that start, end or interrupt each block the tokenizer looks ahead for, and plain ones between. */
const lines = [
	'Title',
	'===',
	'---',
	'  ----  ',
	'    ===',
	'- item',
	'1. first',
	'> quoted',
	'   > quoted, indented',
	'<div>',
	'</div>',
	'  <!-- a comment -->',
	'<span>inline</span> text',
	'| a | b |',
	'|---|:-:|',
	'a | b',
	'--- | ---',
	':-- | --:',
	'```python',
	'```',
	'# heading',
	'plain words',
	'words with a | pipe',
	'\u00A0',
	' \t ',
	'',
	'',
];

const tokens = (text: string, tokenizer?: BlockTokenizer) => JSON.stringify(Lexer.lex(text, {gfm: true, breaks: true, ...(tokenizer && {tokenizer})}));

describe("the block tokenizer's looks ahead", () => {
	it('give the tokens marked gives, whatever the blocks', () => {
		const random = seeded(16);
		for (let i = 0; i < 3000; i++) {
			const text = Array.from({length: 1 + Math.floor(random() * 12)}, () => lines[Math.floor(random() * lines.length)]).join('\n');
			expect(tokens(text, new BlockTokenizer()), text).toBe(tokens(text));
		}
	});

	it('still find a setext heading, an HTML block, a quote and a table', () => {
		const kinds = (text: string) => Lexer.lex(text, {gfm: true, breaks: true, tokenizer: new BlockTokenizer()}).map(token => token.type);
		const found = kinds('Title\n===\n\n<div>\nx\n</div>\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |').filter(kind => kind !== 'space');
		expect(found).toEqual(['heading', 'html', 'blockquote', 'table']);
	});
});
