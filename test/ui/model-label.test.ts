import {describe, expect, it} from 'vitest';
import {compactCount, modelLabel} from '../../source/ui/model-label.js';

describe('the model in the status line', () => {
	it('shows the model and how full its context is, as openclaw tui does', () => {
		expect(modelLabel({model: 'gpt-5', totalTokens: 1200, contextTokens: 33_000})).toBe('gpt-5 · 1.2k/33k (4%)');
		expect(modelLabel({model: 'gpt-5', totalTokens: 950})).toBe('gpt-5 · 950 tokens');
		expect(compactCount(1_100_000)).toBe('1.1M');
	});

	it('does not name the model twice when the gateway label names it (the embedded agent)', () => {
		expect(modelLabel({model: 'echo'}, 'embedded · offline echo')).toBe('');
		expect(modelLabel({model: 'llama3.2', totalTokens: 2000, contextTokens: 8000}, 'embedded · llama3.2 @ 127.0.0.1:11434')).toBe('2k/8k (25%)');
		// Only as a whole word: a remote gateway's URL that happens to hold the name is no naming.
		expect(modelLabel({model: 'echo'}, 'wss://echo.example.com')).toBe('echo');
	});
});
