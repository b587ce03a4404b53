import {describe, expect, it} from 'vitest';
import {colorWanted} from '../../source/text/color.js';

describe('whether output is styled', () => {
	it('follows the terminal, NO_COLOR and FORCE_COLOR as Node and chalk do', () => {
		expect(colorWanted({}, true)).toBe(true);
		expect(colorWanted({}, false)).toBe(false);
		expect(colorWanted({NO_COLOR: '1'}, true)).toBe(false);
		expect(colorWanted({NO_COLOR: ''}, true)).toBe(true); // set but empty does not count (no-color.org)
		expect(colorWanted({FORCE_COLOR: '1'}, false)).toBe(true);
		expect(colorWanted({FORCE_COLOR: ''}, false)).toBe(true);
		expect(colorWanted({FORCE_COLOR: '3', NO_COLOR: '1'}, false)).toBe(true);
		expect(colorWanted({FORCE_COLOR: '0'}, true)).toBe(false);
		expect(colorWanted({FORCE_COLOR: 'false'}, true)).toBe(false);
	});
});
