import {describe, expect, it} from 'vitest';
import {fileStemOf, nameOfFileStem} from '../../source/store/file-names.js';
import {closeNames, validateSessionName} from '../../source/store/names.js';

describe('session names', () => {
	it('accepts letters, digits, dot, dash and underscore', () => {
		expect(validateSessionName('phnx-main_2.0')).toBe('phnx-main_2.0');
	});

	it.each([
		['', 'empty'],
		['a/b', 'letters, digits'],
		['..', 'begins with a dot'],
		['../etc', 'begins with a dot'],
		['.x', 'begins with a dot'],
		['.catalog', 'begins with a dot'],
		['.trash', 'begins with a dot'],
		['a\\b', 'letters, digits'],
		['x'.repeat(65), 'longer than 64'],
		['with space', 'letters, digits'],
	])('refuses %j with a clear reason', (name, reason) => {
		expect(() => validateSessionName(name)).toThrow(reason);
	});

	it('suggests close names for a typo', () => {
		expect(closeNames('mian', ['main', 'work', 'maintenance'])).toContain('main');
		expect(closeNames('zzz', ['main'])).toEqual([]);
	});

	it.each(['agent:main:main', 'agent:ops:x', 'agent:Ops-2:x', 'agent:main:telegram:group:-100123', 'agent:main:a/b'])('accepts the full session key %j as given', key => {
		expect(validateSessionName(key)).toBe(key);
	});

	it.each([
		['agent::x', 'the agent id is empty'],
		['agent:a', 'no name after the agent id'],
		['agent:a:', 'the name after agent:a: is empty'],
		['agent:a::x', "starts with ':'"],
		['agent:a.b:x', 'the agent id must be letters, digits, dash and underscore'],
		['agent:ops:two words', 'a space'],
		['agent:ops:bell\u0007', 'a control character'],
		['main:x', "a name with ':' must be a full session key"],
		['Agent:ops:x', "a name with ':' must be a full session key"],
		[`agent:ops:${'x'.repeat(200)}`, 'too long to be a file name'],
	])('refuses the malformed key %j in one line saying what is wrong', (key, reason) => {
		expect(() => validateSessionName(key)).toThrow(reason);
		expect(() => validateSessionName(key)).toThrow(/^[^\n]+$/);
	});
});

describe('session file names', () => {
	it('keeps a bare name as its file name', () => {
		expect(fileStemOf('phnx-main_2.0')).toBe('phnx-main_2.0');
		expect(nameOfFileStem('phnx-main_2.0')).toBe('phnx-main_2.0');
	});

	it.each(['agent:ops:x', 'agent:main:a/b\\c', 'agent:ops:Déjà*?<>|"', 'agent:main:telegram:group:-100123'])('writes %j with no character a file system may refuse, and reads it back', key => {
		const stem = fileStemOf(key);
		expect(stem).toMatch(/^[a-z\d._%A-F-]+$/);
		expect(stem).not.toMatch(/[:/\\]/);
		expect(nameOfFileStem(stem)).toBe(key);
	});

	it('keeps keys that differ only in case apart on a case-insensitive file system', () => {
		expect(fileStemOf('agent:ops:X').toLowerCase()).not.toBe(fileStemOf('agent:ops:x').toLowerCase());
	});

	it('cannot give a key the file name of a bare name', () => {
		expect(fileStemOf('agent:ops:x')).toContain('%');
		expect(nameOfFileStem('not%zzdecodable')).toBe('not%zzdecodable');
	});
});
