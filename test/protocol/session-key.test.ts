import {expect, it} from 'vitest';
import {isSessionKey, sessionKeyOf, splitSessionKey} from '../../source/protocol/session-key.js';

it('writes and splits agent:<id>:<rest>, the rest keeping its own colons', () => {
	expect(sessionKeyOf('main', 'work')).toBe('agent:main:work');
	expect(splitSessionKey(sessionKeyOf('ops', 'telegram:42'))).toEqual({agentId: 'ops', rest: 'telegram:42'});
	expect(isSessionKey('agent:main:work')).toBe(true);
	expect(isSessionKey('work')).toBe(false);
	expect(splitSessionKey('work')).toBeUndefined();
});
