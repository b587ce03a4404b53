/** Tether's version, read once from package.json. */
import {readFileSync} from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};

export const version = manifest.version;
