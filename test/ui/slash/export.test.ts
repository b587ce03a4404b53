import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {exportCommand} from '../../../source/ui/slash/export.js';
import {reply, userMessage} from '../../builders.js';
import {tempDir} from '../../helpers.js';
import {openSession, slashContext} from './context.js';

describe('/export', () => {
	it('writes the session as Markdown into the working directory and says where', async () => {
		const cwd = await tempDir();
		const session = await openSession([userMessage('what is a keepalive?'), reply('r1', 'a ping that keeps the link up')], {name: 'net'});
		const heard = slashContext(session, {cwd});
		await exportCommand.run('', heard.context);
		const [file] = await readdir(cwd);
		expect(file).toMatch(/^net-\d{4}-\d\d-\d\d\.md$/);
		expect(heard.flashes).toEqual([`exported to ${path.join(cwd, file!)}`]);
		const markdown = await readFile(path.join(cwd, file!), 'utf8');
		expect(markdown).toContain('what is a keepalive?');
		expect(markdown).toContain('a ping that keeps the link up');
	});
});
