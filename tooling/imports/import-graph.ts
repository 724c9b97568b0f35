import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/*
 * The import graph of the project's own sources, read by parsing alone (no type check, no program):
 * every relative `import`, `export ... from`, `import('...')` type and `require('...')` of each file,
 * with the names it takes. import-cycles.ts and dead-exports.ts read it.
 */

/** What one file takes from another. */
export interface ImportEdge {
  /** Resolved target, relative to the root, forward slashes. */
  readonly to: string;
  /** Names taken: `*` for a namespace import, `export *`, or a require without destructuring. */
  readonly names: readonly string[];
  /** `export ... from`: the names are re-exported, not used here. */
  readonly reexport: boolean;
}

interface SourceFileInfo {
  readonly path: string;
  readonly imports: readonly ImportEdge[];
  /** Names this file declares as exports (not counting `export * from`). */
  readonly exports: readonly string[];
}

export type ImportGraph = ReadonlyMap<string, SourceFileInfo>;

const SOURCE = /\.(ts|js)$/;
const SKIP = new Set(['node_modules', 'dist', 'cdktf.out', 'coverage', '.git']);

/** The `.ts`/`.js` files below the given folders (and the given single files), relative to root. */
export function sourceFiles(root: string, entries: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (abs: string): void => {
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) if (!SKIP.has(name)) walk(join(abs, name));
    } else if (SOURCE.test(abs) && !abs.endsWith('.d.ts')) {
      found.push(relative(root, abs).split('\\').join('/'));
    }
  };
  for (const entry of entries) walk(join(root, entry));
  return found;
}

/**
 * Reads each file and resolves its relative imports to files of the list. `names: false` (for the
 * cycle check) only scans for module specifiers (`ts.preProcessFile`, about three times cheaper
 * than a parse) and leaves `names` and `exports` empty.
 */
export function importGraph(root: string, files: readonly string[], options: { names: boolean } = { names: true }): ImportGraph {
  const known = new Set(files);
  const graph = new Map<string, SourceFileInfo>();
  for (const path of files) {
    const text = readFileSync(join(root, path), 'utf8');
    if (!options.names) {
      const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
      const imports = specs.flatMap((spec) => {
        const to = resolveSpecifier(root, path, spec, known);
        return to === undefined ? [] : [{ to, names: [], reexport: false }];
      });
      graph.set(path, { path, imports, exports: [] });
      continue;
    }
    const kind = path.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
    graph.set(
      path,
      readFile(sf, (spec) => resolveSpecifier(root, path, spec, known)),
    );
  }
  return graph;
}

function resolveSpecifier(root: string, from: string, spec: string, known: ReadonlySet<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = relative(root, resolve(root, dirname(from), spec))
    .split('\\')
    .join('/');
  const stem = base.replace(/\.js$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.js`, `${base}/index.ts`, `${base}/index.js`]) {
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

function readFile(sf: ts.SourceFile, resolveSpec: (spec: string) => string | undefined): SourceFileInfo {
  const imports: ImportEdge[] = [];
  const exports = new Set<string>();
  const add = (spec: string, names: readonly string[], reexport: boolean): void => {
    const to = resolveSpec(spec);
    if (to !== undefined) imports.push({ to, names, reexport });
  };

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      add(stmt.moduleSpecifier.text, importedNames(stmt.importClause), false);
    } else if (ts.isExportDeclaration(stmt)) {
      const clause = stmt.exportClause;
      if (stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier)) {
        if (clause === undefined) add(stmt.moduleSpecifier.text, ['*'], true);
        else if (ts.isNamespaceExport(clause)) {
          add(stmt.moduleSpecifier.text, ['*'], false);
          exports.add(clause.name.text);
        } else {
          add(
            stmt.moduleSpecifier.text,
            clause.elements.map((e) => (e.propertyName ?? e.name).text),
            true,
          );
          for (const e of clause.elements) exports.add(e.name.text);
        }
      } else if (clause && ts.isNamedExports(clause)) {
        for (const e of clause.elements) exports.add(e.name.text);
      }
    } else if (ts.isExportAssignment(stmt)) {
      exports.add('default');
    } else if (hasExportModifier(stmt)) {
      for (const name of declaredNames(stmt)) exports.add(name);
    }
  }

  const visit = (node: ts.Node): void => {
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      // `require('x') as typeof import('x')` names what it takes in the destructuring, not here.
      const names = node.qualifier ? [leftmost(node.qualifier)] : node.isTypeOf ? [] : ['*'];
      add(node.argument.literal.text, names, false);
    } else if (isRequireOrImportCall(node)) {
      const spec = (node.arguments[0] as ts.StringLiteral).text;
      add(spec, destructuredNames(node), false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { path: sf.fileName, imports, exports: [...exports] };
}

function importedNames(clause: ts.ImportClause | undefined): string[] {
  if (clause === undefined) return []; // side-effect import
  const names: string[] = [];
  if (clause.name) names.push('default');
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
  else if (bindings) for (const e of bindings.elements) names.push((e.propertyName ?? e.name).text);
  return names;
}

function hasExportModifier(stmt: ts.Statement): boolean {
  const modifiers = ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) : undefined;
  return modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

function declaredNames(stmt: ts.Statement): string[] {
  const modifiers = ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) : undefined;
  if (modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return ['default'];
  if (ts.isVariableStatement(stmt)) {
    return stmt.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  }
  const named = stmt as ts.Statement & { name?: ts.Identifier };
  return named.name && ts.isIdentifier(named.name) ? [named.name.text] : [];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

function leftmost(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : leftmost(name.left);
}

function isRequireOrImportCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || node.arguments.length !== 1 || !ts.isStringLiteral(node.arguments[0] as ts.Node)) {
    return false;
  }
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
  return ts.isIdentifier(node.expression) && node.expression.text === 'require';
}

/** `const { a, b } = require('x') as ...` takes a and b; anything else takes the whole module. */
function destructuredNames(call: ts.CallExpression): string[] {
  let node: ts.Node = call;
  while (ts.isAsExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
    return parent.name.elements.map((e) => {
      const key = e.propertyName ?? e.name;
      return ts.isIdentifier(key) ? key.text : '*';
    });
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return [parent.name.text];
  return ['*'];
}
