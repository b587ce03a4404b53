import {supportsLanguage} from 'cli-highlight';
import {describe, expect, it, vi} from 'vitest';
import {renderMarkdown} from '../../source/text/markdown.js';

describe('code in replies', () => {
	it('is highlighted in the languages replies are written in, not all 190 highlight.js knows', () => {
		renderMarkdown('`loaded`', 80);
		expect(['python', 'typescript', 'ts', 'bash', 'json', 'rust'].every(name => supportsLanguage(name))).toBe(true);
		expect(supportsLanguage('cobol')).toBe(false);
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
