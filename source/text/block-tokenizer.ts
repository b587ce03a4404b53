/**
 * marked's block tokenizer with a cheap look first for the blocks a chat reply seldom holds. V8 compiles each
 * rule's pattern at its first use, and the patterns of the setext heading, the HTML block, the block quote and
 * the table cost a reattach's first screen ~10 ms before any of them had matched (bench/README.md, Reattach).
 * Each look accepts at least every text its rule would, so the tokens are marked's own.
 */
import {Tokenizer, type Tokens} from 'marked';

/** Where a paragraph ends: a setext heading's text cannot run past a blank line (marked's `lheading`). */
const blankLine = /\n[ \t]*\n/;
/** A setext heading's underline, a line of `=` or `-`, the last line of marked's `lheading`. */
const underline = /\n {0,3}(?:=+|-+) *(?:\n|$)/;
const htmlStart = /^ {0,3}</;
const quoteStart = /^ {0,3}>/;
/** A table's delimiter row is its second line and holds a pipe or a colon (marked's `tableDelimiter`). */
const tableDelimiter = /^[^\n]*\n[^\n]*[:|]/;

export class BlockTokenizer extends Tokenizer {
	override lheading(source: string): Tokens.Heading | undefined {
		const end = source.search(blankLine);
		return underline.test(end === -1 ? source : source.slice(0, end + 1)) ? super.lheading(source) : undefined;
	}

	override html(source: string): Tokens.HTML | undefined {
		return htmlStart.test(source) ? super.html(source) : undefined;
	}

	override blockquote(source: string): Tokens.Blockquote | undefined {
		return quoteStart.test(source) ? super.blockquote(source) : undefined;
	}

	override table(source: string): Tokens.Table | undefined {
		return tableDelimiter.test(source) ? super.table(source) : undefined;
	}
}
