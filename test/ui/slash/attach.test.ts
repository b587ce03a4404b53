import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {attachCommand} from '../../../source/ui/slash/attach.js';
import {tempDir} from '../../helpers.js';
import {openSession, slashContext} from './context.js';

describe('/attach', () => {
	it('queues the file, read from the working directory, with the message after its path', async () => {
		const cwd = await tempDir();
		await writeFile(path.join(cwd, 'my notes.md'), '# notes');
		const session = await openSession();
		const heard = slashContext(session, {cwd});
		await attachCommand.run('"my notes.md" what is in it?', heard.context);
		await attachCommand.run('"my notes.md"', heard.context);
		expect(session.messages.map(m => [m.text, m.attachments?.map(a => a.fileName)])).toEqual([
			['what is in it?', ['my notes.md']],
			['(attached my notes.md)', ['my notes.md']],
		]);
	});

	it('gives its usage without a path, and refuses a file that is not there in one line', async () => {
		const session = await openSession();
		const heard = slashContext(session, {cwd: await tempDir()});
		await attachCommand.run('', heard.context);
		expect(heard.flashes).toEqual(['usage: /attach PATH [MESSAGE]']);
		await expect(attachCommand.run('gone.txt hi', heard.context)).rejects.toThrow(/^cannot attach gone.txt: no such file$/);
		expect(session.messages).toEqual([]);
	});
});
