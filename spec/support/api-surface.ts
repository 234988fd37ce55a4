/**
 * The public surface of the package, read with the TypeScript compiler API from its entry points, and what is
 * wrong with it: an export or a public member without a doc comment (editor hover would be empty), a type
 * declared in the sources but exported by no entry point appearing in a public signature (a leaked internal
 * type: users could not name it), and an export renamed on its way out (`export { A as B }`: type errors would
 * name `A`, which users cannot import).
 * @module
 */
import ts from 'typescript';

/** One problem of the surface, as a line: `entry: Name.member: what`. */
export type SurfaceProblem = string;

/** Reads the surface of `entries` (paths of .ts files) compiled with `options`, and lists its problems, sorted. */
export function surfaceProblems(entries: readonly string[], options: ts.CompilerOptions, host?: ts.CompilerHost): SurfaceProblem[] {
  const program = ts.createProgram({ rootNames: [...entries], options, ...(host === undefined ? {} : { host }) });
  const checker = program.getTypeChecker();
  const problems = new Set<string>();
  const exported = new Set<ts.Symbol>();
  const perEntry: Array<[string, ts.Symbol[]]> = [];
  for (const entry of entries) {
    const file = program.getSourceFile(entry);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`cannot read the entry point ${entry}`);
    const symbols = checker.getExportsOfModule(moduleSymbol);
    for (const s of symbols) {
      const target = resolveAlias(checker, s);
      exported.add(target);
      const declared = target.getName();
      if (declared !== s.getName() && declared !== 'default') problems.add(`${label(entry)}: ${s.getName()}: exported under another name than its declaration's (${declared})`);
    }
    perEntry.push([entry, symbols]);
  }
  const inSources = (d: ts.Declaration): boolean => !program.isSourceFileFromExternalLibrary(d.getSourceFile()) && !d.getSourceFile().isDeclarationFile;
  for (const [entry, symbols] of perEntry) {
    const report = (what: string): void => void problems.add(`${label(entry)}: ${what}`);
    const leaks = (name: string, node: ts.Node): void => {
      for (const leaked of leakedTypes(checker, node, exported, inSources)) report(`${name}: uses ${leaked}, which no entry point exports`);
    };
    for (const s of symbols) {
      const target = resolveAlias(checker, s);
      const decls = (target.getDeclarations() ?? []).filter(inSources);
      if (decls.length === 0 || decls.some(isInternal)) continue;
      if (!decls.some(hasDoc)) report(`${s.getName()}: no doc comment (${where(decls[0]!)})`);
      for (const d of decls) {
        leaks(s.getName(), signatureOf(d));
        for (const [member, node] of publicMembers(d)) {
          if (isInternal(node) || isOverloadImplementation(node)) continue;
          if (!hasDoc(node) && !overridesDocumented(checker, node)) report(`${s.getName()}.${member}: no doc comment (${where(node)})`);
          leaks(`${s.getName()}.${member}`, signatureOf(node));
        }
      }
    }
  }
  return [...problems].sort();
}

/** A node's place, `src/file.ts:line`. */
function where(node: ts.Node): string {
  const file = node.getSourceFile();
  return `${file.fileName.replace(/^.*\/src\//, 'src/')}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

function label(entry: string): string {
  return entry.replace(/^.*\/src\//, '');
}

function resolveAlias(checker: ts.TypeChecker, s: ts.Symbol): ts.Symbol {
  return s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
}

/** The node whose JSDoc documents `d`: a variable's statement, else the declaration itself. */
function docHost(d: ts.Node): ts.Node {
  return ts.isVariableDeclaration(d) ? d.parent.parent : d;
}

function hasDoc(d: ts.Node): boolean {
  // a parameter property: a doc comment of its own, or its constructor's `@param`
  if (ts.isParameter(d)) return ts.getJSDocCommentsAndTags(d).some((j) => (ts.isJSDoc(j) || ts.isJSDocParameterTag(j)) && j.comment !== undefined);
  return ts.getJSDocCommentsAndTags(docHost(d)).some((j) => ts.isJSDoc(j) && (j.comment !== undefined || (j.tags?.length ?? 0) > 0));
}

/** The body of an overloaded method: not part of the API (a .d.ts and TypeDoc show only its overload signatures). */
function isOverloadImplementation(d: ts.Node): boolean {
  if (!ts.isMethodDeclaration(d) || d.body === undefined || !ts.isClassLike(d.parent)) return false;
  const name = d.name.getText();
  return d.parent.members.some((m) => m !== d && ts.isMethodDeclaration(m) && m.body === undefined && m.name.getText() === name);
}

function isInternal(d: ts.Node): boolean {
  return ts.getJSDocTags(docHost(d)).some((t) => t.tagName.text === 'internal');
}

/** A member that implements or overrides one of a documented base: its doc is inherited (as TypeDoc shows it). */
function overridesDocumented(checker: ts.TypeChecker, node: ts.Node): boolean {
  const cls = ts.isParameter(node) ? node.parent.parent : node.parent;
  if (!ts.isClassDeclaration(cls) || !('name' in node) || node.name === undefined) return false;
  const name = (node.name as ts.PropertyName).getText();
  for (const clause of cls.heritageClauses ?? []) {
    for (const t of clause.types) {
      const base = checker.getTypeAtLocation(t);
      const prop = base.getProperty(name);
      if (prop && prop.getDocumentationComment(checker).length > 0) return true;
    }
  }
  return false;
}

/** The part of a declaration that is its signature: everything but bodies and initializers. */
function signatureOf(d: ts.Node): ts.Node {
  return d;
}

/** The public members of a class or interface, and the properties of the object types a type alias or a const is made of. */
function publicMembers(d: ts.Node): Array<[string, ts.Node]> {
  const found: Array<[string, ts.Node]> = [];
  const take = (m: ts.Node & { name?: ts.PropertyName }, prefix = ''): void => {
    if (isInternal(m)) return;
    const name = m.name === undefined ? undefined : m.name.getText();
    if (name !== undefined) found.push([prefix + name, m]);
  };
  const withNested = (m: ts.Node & { name?: ts.PropertyName }): void => {
    take(m);
    if (m.name !== undefined) nestedLiterals(m, `${m.name.getText()}.`, take);
  };
  if (ts.isClassDeclaration(d)) {
    for (const m of d.members) {
      if (ts.isClassStaticBlockDeclaration(m) || ts.isIndexSignatureDeclaration(m) || ts.isSemicolonClassElement(m)) continue;
      const mods = ts.getCombinedModifierFlags(m as ts.Declaration);
      if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || (m.name && ts.isPrivateIdentifier(m.name))) continue;
      if (ts.isConstructorDeclaration(m)) {
        // public parameter properties are members too
        for (const p of m.parameters) {
          const flags = ts.getCombinedModifierFlags(p);
          if (ts.isParameterPropertyDeclaration(p, m) && !(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !isInternal(m)) take(p as ts.Node & { name?: ts.PropertyName });
        }
        continue;
      }
      withNested(m);
    }
  } else if (ts.isInterfaceDeclaration(d)) {
    for (const m of d.members) withNested(m);
  } else if (ts.isTypeAliasDeclaration(d)) {
    nestedLiterals(d.type, '', take);
  } else if (ts.isVariableDeclaration(d) && d.initializer) {
    const init = skipOuter(d.initializer);
    if (ts.isObjectLiteralExpression(init)) for (const p of init.properties) take(p);
  }
  return found;
}

function skipOuter(e: ts.Expression): ts.Expression {
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/**
 * The members of the object literal types written anywhere in a node's types (a union's members, a property's
 * type, a method's return type, a type argument), named by their path from the node (`root.path`).
 */
function nestedLiterals(node: ts.Node, prefix: string, take: (m: ts.TypeElement, prefix: string) => void): void {
  const visit = (n: ts.Node): void => {
    // a parameter's inline type is the call's to explain (`@param`), as TypeDoc has it
    if (ts.isBlock(n) || ts.isParameter(n) || (ts.isExpression(n) && !ts.isTypeNode(n))) return;
    if (ts.isTypeLiteralNode(n)) {
      for (const m of n.members) {
        take(m, prefix);
        if (m.name !== undefined) nestedLiterals(m, `${prefix}${m.name.getText()}.`, take);
      }
      return;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
}

/**
 * The names of the types declared in the sources that a declaration's signature (its type annotations,
 * heritage clauses and type parameters, not its bodies or initializers) refers to and that no entry exports.
 */
function leakedTypes(checker: ts.TypeChecker, d: ts.Node, exported: ReadonlySet<ts.Symbol>, inSources: (d: ts.Declaration) => boolean): string[] {
  const found = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isBlock(n) || (n.parent && 'initializer' in n.parent && (n.parent as { initializer?: ts.Node }).initializer === n && !ts.isTypeNode(n))) return;
    // a class's or interface's members are checked one by one, each under its own name
    if ((ts.isClassElement(n) || ts.isTypeElement(n)) && n !== d && (ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d))) return;
    const ref = ts.isTypeReferenceNode(n) ? n.typeName : ts.isExpressionWithTypeArguments(n) ? n.expression : ts.isTypeQueryNode(n) ? n.exprName : undefined;
    if (ref !== undefined) {
      const s0 = checker.getSymbolAtLocation(ref);
      const s = s0 && resolveAlias(checker, s0);
      const decls = s?.getDeclarations() ?? [];
      const own = decls.filter(inSources);
      if (s && own.length > 0 && !(s.flags & ts.SymbolFlags.TypeParameter) && !exported.has(s) && !own.some(isInternal)) {
        found.add(`${s.getName()} (${own[0]!.getSourceFile().fileName.replace(/^.*\/src\//, 'src/')})`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(d);
  return [...found];
}
