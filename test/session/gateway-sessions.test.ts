import {describe, expect, it} from 'vitest';
import {localNameFor} from '../../source/session/gateway-sessions.js';
import {validateSessionName} from '../../source/store/names.js';

describe('names for the gateway\'s sessions', () => {
	it('gives the default agent\'s sessions bare names, as before', () => {
		expect(localNameFor('agent:main:telegram:42')).toBe('telegram-42');
		expect(localNameFor('agent:dev:notes', 'dev')).toBe('notes');
	});

	it('names another agent\'s session by its full key, which attach takes', () => {
		expect(localNameFor('agent:ops:x')).toBe('agent:ops:x');
		expect(validateSessionName(localNameFor('agent:ops:telegram:42'))).toBe('agent:ops:telegram:42');
	});
});
