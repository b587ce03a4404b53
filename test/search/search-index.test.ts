import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {buildSegments, type Progress} from '../../source/search/search-index-build.js';
import {recallMessages, SearchIndex} from '../../source/search/search-index.js';
import * as merge from '../../source/search/merge.js';
import * as sessionScan from '../../source/store/session-scan.js';
import * as sessionStore from '../../source/store/session-store.js';
import {SessionStore} from '../../source/store/session-store.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

async function session(dir: string, name: string, texts: string[]) {
	const store = await SessionStore.open(dir, name, 'attach-or-create');
	store.update(data => ({...data, messages: texts.map((text, i) => (i % 2 === 0 ? userMessage(text, {id: `${name}-${i}`}) : reply(`${name}-r${i}`, text, {id: `${name}-${i}`})))}));
	await store.close();
}

describe('recall search index', () => {
	it('ranks the message that matches best first, across sessions', async () => {
		const dir = await tempDir();
		await session(dir, 'infra', ['the kubernetes cluster is down', 'restart the kubernetes kubernetes nodes']);
		await session(dir, 'cooking', ['a recipe for bread', 'kubernetes is not an ingredient']);
		const hits = (await SearchIndex.open(dir)).search('kubernetes');
		expect(hits[0]).toMatchObject({session: 'infra', messageId: 'infra-1'});
		expect(hits.map(hit => hit.session)).toContain('cooking');
	});

	it('matches prefixes and typos in longer words, and one session when asked', async () => {
		// Typos count in the stem ("deplai", of "deplayment"); one in an ending the stemmer strips ("deploymnet") is not found.
		const dir = await tempDir();
		await session(dir, 'infra', ['deployment finished', 'all green']);
		await session(dir, 'other', ['deployment failed']);
		const index = await SearchIndex.open(dir);
		expect(index.search('deploy').length).toBe(2);
		expect(index.search('deplayment').length).toBe(2);
		expect(index.search('deploy', 'other').map(hit => hit.session)).toEqual(['other']);
	});

	it('re-reads only the sessions that changed since the last query', async () => {
		const dir = await tempDir();
		await session(dir, 'a', ['alpha text']);
		await session(dir, 'b', ['beta text']);
		await SearchIndex.open(dir);
		await session(dir, 'b', ['beta text', 'gamma reply']);
		// A session is read in groups (Tether's layout) or whole (any other): either counts.
		const reads = vi.spyOn(sessionStore, 'readSession');
		const scans = vi.spyOn(sessionScan, 'scanSession');
		const index = await SearchIndex.open(dir);
		expect([...reads.mock.calls.map(call => call[1]), ...scans.mock.calls.map(call => path.basename(call[0], '.json'))]).toEqual(['b']);
		expect(index.search('gamma').map(hit => hit.session)).toEqual(['b']);
		reads.mockRestore();
		scans.mockRestore();
	});

	it('forgets deleted sessions', async () => {
		const dir = await tempDir();
		await session(dir, 'gone', ['ephemeral words']);
		await SearchIndex.open(dir);
		const {trashSession} = await import('../../source/store/manage.js');
		await trashSession(dir, 'gone');
		expect((await SearchIndex.open(dir)).search('ephemeral')).toEqual([]);
	});

	it('shows each hit with its text, whether the session file or its journal holds it', async () => {
		const dir = await tempDir();
		await session(dir, 'saved', ['the "quoted" café line\nand more', 'other words']);
		const open = await SessionStore.open(dir, 'live', 'create');
		open.update(data => ({...data, messages: [userMessage('a café still in the journal', {id: 'j1'})]}));
		await open.flush();
		try {
			const found = await recallMessages(dir, 'café');
			expect(found.map(hit => [hit.session, hit.text]).toSorted()).toEqual([
				['live', 'a café still in the journal'],
				['saved', 'the "quoted" café line\nand more'],
			]);
		} finally {
			await open.close();
		}
	});

	it('reads a hit\'s text from the session itself when the file changed after the query', async () => {
		const dir = await tempDir();
		await session(dir, 'notes', ['first note', 'the answer is forty-two']);
		const index = await SearchIndex.open(dir);
		const hits = index.search('forty');
		await session(dir, 'notes', ['a much longer first note that moves everything after it', 'the answer is forty-two']);
		expect([...(await index.texts(hits)).values()]).toEqual(['the answer is forty-two']);
		index.close();
	});

	it('indexes again what a damaged or missing segment held, and removes the old single-file index', async () => {
		const dir = await tempDir();
		await session(dir, 'a', ['alpha words']);
		await writeFile(path.join(dir, '.recall-index.json'), '{}');
		(await SearchIndex.open(dir)).close();
		const home = path.join(dir, '.recall');
		const segment = (await readdir(home)).find(file => file.endsWith('.bin'));
		await writeFile(path.join(home, segment!), 'garbage');
		expect((await recallMessages(dir, 'alpha')).map(hit => hit.session)).toEqual(['a']);
		expect(await readdir(dir)).not.toContain('.recall-index.json');
		expect((await readdir(home)).filter(file => file.endsWith('.bin'))).not.toContain(segment);
	});

	it('builds again an index written in an earlier format, rather than misread it', async () => {
		const dir = await tempDir();
		await session(dir, 'a', ['数据库迁移 done']);
		(await SearchIndex.open(dir)).close();
		const home = path.join(dir, '.recall');
		// As issue 18's second round left it: manifest format 3, a segment of format 2.
		const manifest = JSON.parse(await readFile(path.join(home, 'manifest.json'), 'utf8')) as {format: number; segments: Array<{file: string}>};
		const old = manifest.segments[0]!.file;
		await writeFile(path.join(home, 'manifest.json'), JSON.stringify({...manifest, format: 3}));
		const bytes = await readFile(path.join(home, old));
		bytes.write(bytes.toString('utf8', 0, 100).replace('"format":3', '"format":2'));
		await writeFile(path.join(home, old), bytes);
		expect((await recallMessages(dir, '迁移')).map(hit => hit.session)).toEqual(['a']);
		const rebuilt = JSON.parse(await readFile(path.join(home, 'manifest.json'), 'utf8')) as {format: number; segments: Array<{file: string}>};
		expect(rebuilt.format).toBe(4);
		expect(rebuilt.segments.map(({file}) => file)).not.toContain(old);
		expect(await readdir(home)).not.toContain(old);
	});
});

describe('building the recall index', () => {
	it('says how far it is, session by session, and builds a big index in pieces merged into the segment it would be whole', async () => {
		const dir = await tempDir();
		for (const name of ['a', 'b', 'c']) {
			await session(dir, name, [`${name} first words`, `${name} second words and more words`, `${name} third words`]);
		}

		const progress: Progress[] = [];
		const [pieces, whole] = [path.join(dir, '.pieces'), path.join(dir, '.whole')];
		await mkdir(pieces);
		await mkdir(whole);
		const inPieces = await buildSegments(dir, pieces, ['a', 'b', 'c'], {progress: step => progress.push(step), perSegment: 2});
		const inOne = await buildSegments(dir, whole, ['a', 'b', 'c']);
		try {
			expect(progress).toEqual([
				{sessions: 1, of: 3, messages: 3},
				{sessions: 2, of: 3, messages: 6},
				{sessions: 3, of: 3, messages: 9},
			]);
			const places = (built: typeof inOne) => built.map(({entry}) => Object.entries(entry.sessions).map(([name, {first, count}]) => [name, first, count]));
			expect(places(inPieces)).toEqual([[['a', 0, 3], ['b', 3, 3], ['c', 6, 3]]]);
			expect(places(inPieces)).toEqual(places(inOne));
			expect(await readdir(pieces)).toEqual([inPieces[0]!.entry.file]);
			expect(await readFile(path.join(pieces, inPieces[0]!.entry.file))).toEqual(await readFile(path.join(whole, inOne[0]!.entry.file)));
		} finally {
			for (const {segment} of [...inPieces, ...inOne]) {
				segment.close();
			}
		}
	});

	/** Word `n` of `longTexts`: long, so that a few of them fill a megabyte. */
	const longWord = (n: number) => `w${String(n).padStart(40, '0')}x`;
	/** Messages of ~43 KB, each with 1,000 words of its own: a megabyte of the file (a group read at once) is about 20 of them. */
	const longTexts = (count: number) => Array.from({length: count}, (_, message) => Array.from({length: 1000}, (_, word) => longWord(message * 1000 + word)).join(' '));

	// 40,000 terms: each piece's vocabulary is read by the merge in more than one block.
	it('splits a long session between pieces, gives back memory after each, and merges vocabularies of many blocks into the segment built whole', async () => {
		const dir = await tempDir();
		await session(dir, 'long', longTexts(40));
		await session(dir, 'short', ['a short one']);
		const [pieces, whole] = [path.join(dir, '.pieces'), path.join(dir, '.whole')];
		await mkdir(pieces);
		await mkdir(whole);
		const merges = vi.spyOn(merge, 'mergeSegments');
		let collected = 0;
		const inPieces = await buildSegments(dir, pieces, ['long', 'short'], {perSegment: 5, collect: () => collected++});
		const parts = merges.mock.calls.map(([merged]) => merged.map(part => part.documents));
		merges.mockRestore();
		const inOne = await buildSegments(dir, whole, ['long', 'short']);
		try {
			// The 40 messages of one session went into more than one piece (a piece is cut at a megabyte of a file).
			expect(parts).toHaveLength(1);
			expect(parts[0]!.filter(documents => documents > 0 && documents < 40).length).toBeGreaterThan(1);
			// Memory is given back once each piece is written and freed.
			expect(collected).toBe(parts[0]!.length);
			const places = (built: typeof inOne) => built.map(({entry}) => Object.entries(entry.sessions).map(([name, {first, count}]) => [name, first, count]));
			expect(places(inPieces)).toEqual([[['long', 0, 40], ['short', 40, 1]]]);
			expect(await readdir(pieces)).toEqual([inPieces[0]!.entry.file]);
			expect(await readFile(path.join(pieces, inPieces[0]!.entry.file))).toEqual(await readFile(path.join(whole, inOne[0]!.entry.file)));
		} finally {
			for (const {segment} of [...inPieces, ...inOne]) {
				segment.close();
			}
		}

	});

	it('takes back a long session found damaged after part of it went into a written piece', async () => {
		const dir = await tempDir();
		await session(dir, 'long', longTexts(40));
		await session(dir, 'after', ['words after the damaged one']);
		const file = path.join(dir, 'long.json');
		const text = await readFile(file, 'utf8');
		expect(text).toContain('"id": "long-39"');
		await writeFile(file, text.replace('"id": "long-39"', '"id": 39'));
		const home = path.join(dir, '.built');
		await mkdir(home);
		const built = await buildSegments(dir, home, ['long', 'after'], {perSegment: 5});
		try {
			const places = built.map(({entry}) => Object.entries(entry.sessions).map(([name, {count}]) => [name, count]));
			expect(places).toEqual([[['long', 0], ['after', 1]]]);
		} finally {
			for (const {segment} of built) {
				segment.close();
			}
		}

		const index = await SearchIndex.open(dir);
		expect(index.damaged).toEqual(['long']);
		expect(index.search(longWord(5))).toEqual([]);
		expect(index.search('damaged').map(hit => [hit.session, hit.messageId])).toEqual([['after', 'after-0']]);
	});
});
