/**
 * The layer rule of src/, as a checker: every import of a source file must point to its own layer or one
 * below it. The import graph is read with the TypeScript parser (static imports, `export ... from`,
 * `import x = require()`, dynamic `import()` and `import('...').T` type queries), so a commented-out or
 * string-embedded path is never mistaken for an import.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** The layers from the bottom up: a file may import its own layer and those before it in this list. */
export const LAYERS = ['proto', 'client', 'streams', 'images', 'process', 'fleet', 'kubernetes', 'supervise', 'cli'] as const;

/**
 * Entry points above every layer: they may import anything, and nothing in a layer may import them, but for
 * the command line, itself a program, which may use the testing entry's harness (a private daemon).
 */
const ENTRIES = ['index.ts', 'testing'];
const MAY_IMPORT_TESTING = 'cli';

/** The import graph: each source file (a path relative to src/, with `/`) and the files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** One import that breaks the rule. */
export interface UpwardImport {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

/** The module paths one source text names in its imports, in order of appearance. */
export function importSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const take = (node: ts.Node | undefined): void => {
    if (node && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) take(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) take(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) take(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) take(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative specifier names from `from` (both relative to src/); `undefined` for a package. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  return target.replace(/\.js$/, '.ts');
}

/** Reads the import graph of every .ts file under `srcDir` (relative imports only). */
export function readImportGraph(srcDir: string): ImportGraph {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const file = relative(srcDir, path).split(sep).join('/');
        const targets = importSpecifiers(file, readFileSync(path, 'utf8'))
          .map((s) => resolve(file, s))
          .filter((t): t is string => t !== undefined);
        graph.set(file, targets);
      }
    }
  };
  walk(srcDir);
  return graph;
}

/** Where a file (relative to src/) stands: a layer's rank, 'entry', or 'outside' (above src/). */
function placeOf(file: string): number | 'entry' | 'outside' {
  if (file.startsWith('../')) return 'outside';
  const top = file.includes('/') ? file.slice(0, file.indexOf('/')) : file;
  if (ENTRIES.includes(top)) return 'entry';
  const rank = (LAYERS as readonly string[]).indexOf(top);
  if (rank < 0) throw new Error(`${file} is in no layer: add its folder to LAYERS or ENTRIES`);
  return rank;
}

/** Every import of `graph` that points up the layers, into an entry point, or out of src/. */
export function upwardImports(graph: ImportGraph): UpwardImport[] {
  const found: UpwardImport[] = [];
  for (const [from, targets] of graph) {
    const here = placeOf(from);
    for (const to of targets) {
      const there = placeOf(to);
      if (there === 'outside') found.push({ from, to, why: 'imports a file outside src/' });
      else if (here === 'entry') continue;
      else if (here === 'outside') continue;
      else if (there === 'entry') {
        if (LAYERS[here] === MAY_IMPORT_TESTING && to.startsWith('testing/')) continue;
        found.push({ from, to, why: `${LAYERS[here]} imports the entry point ${to}` });
      }
      else if (there > here) found.push({ from, to, why: `${LAYERS[here]} imports ${LAYERS[there]}, a layer above it` });
    }
  }
  return found;
}
