import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {SessionFileCorrupt} from '../../source/store/errors.js';
import {readJournal, salvageJournal, stampLine} from '../../source/store/journal.js';
import {renameSession} from '../../source/store/manage.js';
import {recoverSession} from '../../source/store/recover.js';
import {sessionFile} from '../../source/store/session-file.js';
import {readSession, SessionStore} from '../../source/store/session-store.js';
import {userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

const patch = (n: number) => ({set: {n}});

describe('reading a journal', () => {
	it('takes a bad line in the middle for damage, not for the end', () => {
		const text = `${stampLine(patch(1), 's')}{"set":{"n"\n${stampLine(patch(3), 's')}`;
		expect(readJournal(text, 's')).toEqual({patches: [patch(1)], torn: false, damage: {line: 2, of: 3, why: 'not valid JSON'}});
		// Cut short at the very end is a crash mid-append: dropped, not damage.
		expect(readJournal(`${stampLine(patch(1), 's')}{"session":"s","se`, 's')).toEqual({patches: [patch(1)], torn: true});
	});

	it('applies only the lines stamped for this session (and unstamped ones, written before stamps)', () => {
		expect(readJournal(`${stampLine(patch(1), 's')}${stampLine(patch(2), undefined)}`, 's')).toEqual({patches: [patch(1), patch(2)], torn: false});
		expect(readJournal(stampLine(patch(1), 'other'), 's')).toEqual({patches: [], torn: false, damage: {line: 1, of: 1, why: 'written for another session'}});
	});

	it('salvages what reads, also a line a torn append ran into', () => {
		const text = `${stampLine(patch(1), 's')}{"session":"s","set":{"n${stampLine(patch(2), 's')}${stampLine(patch(9), 'other')}not json\n${stampLine(patch(3), 's')}`;
		expect(salvageJournal(text, 's')).toEqual({patches: [patch(1), patch(2), patch(3)], dropped: 2});
	});
});

async function sessionWithJournal(lines: (stamp: string) => string) {
	const dir = await tempDir();
	const store = await SessionStore.open(dir, 'main', 'create', {now: new Date('2026-01-02T03:04:05.000Z')});
	await store.commit(data => ({...data, messages: [userMessage('in the file')]}));
	await store.close();
	const journal = path.join(dir, 'main.json.journal');
	const first = userMessage('first');
	const stamp = 'main 2026-01-02T03:04:05.000Z';
	await writeFile(journal, lines(stamp).replaceAll('FIRST', JSON.stringify(first)));
	return {dir, journal};
}

const append = (stamp: string, text: string, at: number) => stampLine({tails: {messages: [at, [userMessage(text)]]}}, stamp);

describe('a damaged journal', () => {
	it('is refused with the journal named, and left untouched by a writer', async () => {
		const {dir, journal} = await sessionWithJournal(stamp => `${append(stamp, 'second', 1)}{"session":"${stamp}","tails":{"mess\n${append(stamp, 'third', 2)}`);
		const before = await readFile(journal, 'utf8');
		await expect(readSession(dir, 'main')).rejects.toThrow(SessionFileCorrupt);
		await expect(readSession(dir, 'main')).rejects.toThrow(`line 2 of 3 of its journal ${journal} is not valid JSON`);
		await expect(SessionStore.open(dir, 'main', 'attach')).rejects.toThrow('tether recover main applies what of the journal reads');
		expect(await readFile(journal, 'utf8')).toBe(before);
	});

	it('from another session is not applied', async () => {
		const {dir} = await sessionWithJournal(() => append('work 2026-01-01T00:00:00.000Z', 'not mine', 1));
		await expect(readSession(dir, 'main')).rejects.toThrow('belongs to another session');
	});

	it('is salvaged by recover: the journal kept aside, what reads applied', async () => {
		const {dir} = await sessionWithJournal(stamp => `${append(stamp, 'second', 1)}{"session":"${stamp}","tails":{"mess${append(stamp, 'third', 2)}${append('work x', 'not mine', 3)}`);
		const result = await recoverSession(dir, 'main', new Date('2026-02-01T00:00:00.000Z'));
		expect(result).toEqual({kind: 'salvaged', keptAs: path.join(dir, 'main.json.journal.corrupt-2026-02-01T00-00-00.000Z'), applied: 2, dropped: 1});
		expect((await readSession(dir, 'main')).messages.map(m => m.text)).toEqual(['in the file', 'second', 'third']);
		expect(await readdir(dir)).toContain('main.json.journal.corrupt-2026-02-01T00-00-00.000Z');
		expect(await recoverSession(dir, 'main')).toEqual({kind: 'healthy'});
	});

	it('stays readable across a rename, whose journal line is stamped with the file it patches', async () => {
		const dir = await tempDir();
		await (await SessionStore.open(dir, 'main', 'create')).close();
		// A journal as a writer killed before folding it leaves.
		const file = sessionFile(path.join(dir, 'main.json'));
		const data = (await file.read())!;
		await file.write({...data, messages: [userMessage('hello')]});
		await renameSession(dir, 'main', 'work');
		expect(await readdir(dir)).toContain('work.json.journal');
		expect(await readSession(dir, 'work')).toMatchObject({name: 'work', messages: [{text: 'hello'}]});
	});
});
