import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {localSessionKeys, newSessionKey} from '../../source/store/identity.js';
import {stampLine} from '../../source/store/journal.js';
import {tempDir} from '../helpers.js';

/** A session file in Tether's layout (tab-indented), with `body` standing for its messages' lines. */
function sessionText(name: string, sessionKey: string, body: string): string {
	return `{\n\t"version": 1,\n\t"name": "${name}",\n\t"createdAt": "2026-11-01T09:00:00.000Z",\n\t"gateway": {\n\t\t"sessionKey": "${sessionKey}"\n\t},\n\t"messages": [\n${body}\n\t],\n\t"events": []\n}\n`;
}

describe('the gateway keys of the sessions saved here', () => {
	// Creating a session reads this of every other one: parsing each whole was seconds and ~50 MB more for the TUI
	// in a dir of 60 long sessions.
	it('are read from the fields before the messages, which need not be parsed', async () => {
		const dir = await tempDir();
		// Renamed from "draft": a new session named draft gets a conversation of its own.
		await writeFile(path.join(dir, 'groceries.json'), sessionText('groceries', 'agent:main:draft', '\t\t{ not a message, never parsed'));
		expect(await localSessionKeys(dir)).toEqual(new Set(['agent:main:draft']));
		expect(await newSessionKey(dir, 'draft', () => 'a1b2c3')).toBe('agent:main:draft-a1b2c3');
		expect(await newSessionKey(dir, 'other')).toBeUndefined();
	});

	it('are read whole from a file in another layout, or with a journal, whose patches may set them', async () => {
		const dir = await tempDir();
		await writeFile(path.join(dir, 'compact.json'), JSON.stringify({version: 1, name: 'compact', createdAt: '2026-11-01T09:00:00.000Z', gateway: {sessionKey: 'agent:main:one'}, messages: [], events: []}));
		// Its messages first: what comes before them says nothing of its key.
		const reordered = {version: 1, messages: [{id: 'm1', role: 'user', text: 'hi', at: '2026-11-01T09:00:00.000Z', status: 'final'}], name: 'reordered', createdAt: '2026-11-01T09:00:00.000Z', gateway: {sessionKey: 'agent:main:four'}, events: []};
		await writeFile(path.join(dir, 'reordered.json'), JSON.stringify(reordered, undefined, '\t'));
		const journaled = path.join(dir, 'journaled.json');
		await writeFile(journaled, sessionText('journaled', 'agent:main:two', '\t\t{"id": "m1", "role": "user", "text": "hi", "at": "2026-11-01T09:00:00.000Z", "status": "final"}'));
		// The file says two; its journal, not yet folded into it, says three.
		await writeFile(`${journaled}.journal`, stampLine({set: {gateway: {sessionKey: 'agent:main:three'}}}, 'journaled 2026-11-01T09:00:00.000Z'));
		expect(await localSessionKeys(dir)).toEqual(new Set(['agent:main:one', 'agent:main:three', 'agent:main:four']));
	});
});
