#!/usr/bin/env node
// Writes the README's key table from the key bindings (source/ui/keymap.ts) between its `keys` markers;
// test/readme-keys.test.ts fails when they differ. Run after `npm run build`: node scripts/readme-keys.js
import {readFile, writeFile} from 'node:fs/promises';
import {keyTableMarkdown} from '../dist/ui/keymap.js';
import {replaceKeyTable} from '../dist/ui/readme-keys.js';

const file = new URL('../README.md', import.meta.url);
await writeFile(file, replaceKeyTable(await readFile(file, 'utf8'), keyTableMarkdown()));
