/**
 * The layering rule in code: source/ imports run one way, down the layers below, with no cycle between files or
 * folders. A new folder must be placed here (and DESIGN.md's picture, which this checks, updated with it).
 */
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {tempDir} from '../helpers.js';
import {cycles, folderGraph, importGraph, layerPicture, layerViolations, type ImportGraph, type Layers} from './import-graph.js';

/** Lowest first. Root files are their own units: errors.ts and version.ts are the base, cli.ts the top. */
export const layers: Layers = [
	['errors.ts', 'version.ts', 'node-version.ts', 'lean-heap.ts'],
	['model'],
	['protocol', 'text', 'files'],
	['connection'],
	['auth', 'store'],
	['config', 'search'],
	['session', 'gateway'],
	['ui'],
	['commands'],
	['cli.ts'],
];

const graph = importGraph(path.resolve('source'));

function folderEdges(of: ImportGraph): Map<string, string[]> {
	return new Map([...folderGraph(of)].map(([folder, edges]) => [folder, [...edges.keys()]]));
}

describe('layers', () => {
	it('source/ has no import cycle between files', () => {
		expect(graph.size).toBeGreaterThan(100);
		expect(cycles(graph)).toEqual([]);
	});

	it('source/ has no import cycle between folders', () => {
		expect(cycles(folderEdges(graph))).toEqual([]);
	});

	it('every import runs down the layers, and every folder is in one', () => {
		expect(layerViolations(graph, layers)).toEqual([]);
	});

	it("DESIGN.md's picture is the layers declared here", async () => {
		const picture = layerPicture(layers);
		expect((await readFile('DESIGN.md', 'utf8')).includes(picture), `DESIGN.md should show: ${picture}`).toBe(true);
	});
});

describe('the layer check', () => {
	async function tree(files: Record<string, string>): Promise<ImportGraph> {
		const root = await tempDir();
		for (const [file, text] of Object.entries(files)) {
			await mkdir(path.dirname(path.join(root, file)), {recursive: true});
			await writeFile(path.join(root, file), text);
		}

		return importGraph(root);
	}

	it('finds a file cycle made by a type import, across lines', async () => {
		const files = await tree({
			'ui/App.tsx': "import {\n\tthing,\n} from './run.js';\n",
			'ui/run.tsx': "import type {App} from './App.js';\n",
		});
		expect(cycles(files)).toEqual([['ui/App.tsx', 'ui/run.tsx']]);
	});

	it('finds a folder cycle made by a dynamic import and a re-export', async () => {
		const files = await tree({
			'store/a.ts': "const {b} = await import('../search/b.js');\n",
			'search/b.ts': "export {c} from '../store/c.js';\n",
			'store/c.ts': 'export const c = 1;\n',
		});
		expect(cycles(files)).toEqual([]);
		expect(cycles(folderEdges(files))).toEqual([['search', 'store']]);
	});

	it('reports an upward import, a sideways one and a folder no layer names', async () => {
		const files = await tree({
			'model/m.ts': "import '../store/s.js';\n",
			'store/s.ts': "import {t} from '../text/t.js';\n",
			'text/t.ts': 'export const t = 1;\n',
			'extra/e.ts': "import '../model/m.js';\n",
		});
		expect(layerViolations(files, [['model'], ['text', 'store']])).toEqual([
			'extra is in no layer: place it in the layer list',
			'model → store (upward): model/m.ts → store/s.ts',
			'store → text (same layer): store/s.ts → text/t.ts',
		]);
	});
});
