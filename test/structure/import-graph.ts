import {readdirSync, readFileSync, existsSync} from 'node:fs';
import path from 'node:path';

/** One file's relative imports, as paths relative to the root (`store/lock.ts`). */
export type ImportGraph = Map<string, string[]>;

// Static `import … from`, `export … from`, bare `import '…'` and `import('…')`, type-only ones included: a type
// import ties two modules together as much as a value import does (the `Leave` cycle was one).
const specifiers = /(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g;

/** Every `.ts`/`.tsx` file under `root` (relative paths, `/`-separated) and the files it imports from `root`. */
export function importGraph(root: string): ImportGraph {
	const graph: ImportGraph = new Map();
	for (const file of sourceFiles(root)) {
		const text = readFileSync(path.join(root, file), 'utf8');
		const targets = new Set<string>();
		for (const [, specifier] of text.matchAll(specifiers)) {
			const resolved = resolve(root, file, specifier!);
			if (resolved !== undefined) {
				targets.add(resolved);
			}
		}

		graph.set(file, [...targets].toSorted());
	}

	return graph;
}

function sourceFiles(root: string, under = ''): string[] {
	const files: string[] = [];
	for (const entry of readdirSync(path.join(root, under), {withFileTypes: true})) {
		const relative = under === '' ? entry.name : `${under}/${entry.name}`;
		if (entry.isDirectory()) {
			files.push(...sourceFiles(root, relative));
		} else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
			files.push(relative);
		}
	}

	return files.toSorted();
}

// NodeNext specifiers name the emitted `.js`; the source is the `.ts` or `.tsx` beside it.
function resolve(root: string, from: string, specifier: string): string | undefined {
	const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
	for (const candidate of [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), target]) {
		if (existsSync(path.join(root, candidate)) && /\.tsx?$/.test(candidate)) {
			return candidate;
		}
	}

	return undefined;
}

/**
 * The unit a file belongs to for layering: its top folder (`store` for `store/lock.ts`), or the file itself at
 * the root (`cli.ts` is the top, `errors.ts` the bottom: they share no folder and no layer).
 */
export function folderOf(file: string): string {
	const slash = file.indexOf('/');
	return slash === -1 ? file : file.slice(0, slash);
}

/** The graph between folders: an edge wherever a file of one imports a file of another. */
export function folderGraph(graph: ImportGraph): Map<string, Map<string, string[]>> {
	const folders = new Map<string, Map<string, string[]>>();
	for (const [file, targets] of graph) {
		const from = folderOf(file);
		const edges = folders.get(from) ?? new Map<string, string[]>();
		folders.set(from, edges);
		for (const target of targets) {
			const to = folderOf(target);
			if (to !== from) {
				edges.set(to, [...(edges.get(to) ?? []), `${file} → ${target}`]);
			}
		}
	}

	return folders;
}

/**
 * Layers, lowest first; each a list of folders (or root files) that may import only their own folder and the
 * layers below, never a sibling in the same layer.
 */
export type Layers = ReadonlyArray<readonly string[]>;

/** Each import that runs up or sideways, or leaves a folder no layer names, as `from → to: why`. */
export function layerViolations(graph: ImportGraph, layers: Layers): string[] {
	const rank = new Map(layers.flatMap((layer, index) => layer.map(folder => [folder, index] as const)));
	const violations: string[] = [];
	for (const [from, edges] of folderGraph(graph)) {
		if (!rank.has(from)) {
			violations.push(`${from} is in no layer: place it in the layer list`);
			continue;
		}

		for (const [to, why] of edges) {
			const fromRank = rank.get(from)!;
			const toRank = rank.get(to);
			if (toRank === undefined || toRank >= fromRank) {
				violations.push(`${from} → ${to} (${toRank === undefined ? 'in no layer' : (toRank === fromRank ? 'same layer' : 'upward')}): ${why.join(', ')}`);
			}
		}
	}

	return violations;
}

/** The layers as one line, lowest first: `model ← protocol, text ← …`. */
export function layerPicture(layers: Layers): string {
	return layers.map(layer => layer.join(', ')).join(' ← ');
}

/** Every cycle's members (strongly connected components of more than one node, or a node importing itself). */
export function cycles(edges: Map<string, Iterable<string>>): string[][] {
	// Tarjan's algorithm, iterative over the (small) graph's nodes.
	let next = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (node: string): void => {
		index.set(node, next);
		low.set(node, next);
		next++;
		stack.push(node);
		onStack.add(node);
		for (const target of edges.get(node) ?? []) {
			if (!index.has(target)) {
				visit(target);
				low.set(node, Math.min(low.get(node)!, low.get(target)!));
			} else if (onStack.has(target)) {
				low.set(node, Math.min(low.get(node)!, index.get(target)!));
			}
		}

		if (low.get(node) === index.get(node)) {
			const members: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				members.push(member);
			} while (member !== node);
			if (members.length > 1 || [...(edges.get(node) ?? [])].includes(node)) {
				found.push(members.toSorted());
			}
		}
	};

	for (const node of [...edges.keys()].toSorted()) {
		if (!index.has(node)) {
			visit(node);
		}
	}

	return found;
}
