import {readFile} from 'node:fs/promises';
import {expect, it} from 'vitest';
import {keyTableMarkdown} from '../../source/ui/keymap.js';
import {readKeyTable} from '../../source/ui/readme-keys.js';

it('the README lists the keys the key handler and /help use (node scripts/readme-keys.js writes it)', async () => {
	expect(readKeyTable(await readFile('README.md', 'utf8'))).toBe(keyTableMarkdown());
});
