import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** Every symbol the package exports, with the TSDoc of its declaration. */
function exportedDocs(): Map<string, string> {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`cannot read ${entry}`);
  const docs = new Map<string, string>();
  for (const symbol of checker.getExportsOfModule(module)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    docs.set(symbol.getName(), ts.displayPartsToString(target.getDocumentationComment(checker)).trim());
  }
  return docs;
}

describe('the public API', () => {
  const docs = exportedDocs();

  it('exports the DSL, the compiler and the hub', () => {
    for (const name of [
      'experiment',
      'faults',
      'target',
      'probe',
      'parallel',
      'sequence',
      'dag',
      'after',
      'compileExperiment',
      'loadHub',
      'toYaml',
    ]) {
      expect(docs.has(name), name).toBe(true);
    }
  });

  it('reads the TSDoc of each export', () => {
    expect(docs.get('experiment')).toMatch(/^Defines a chaos experiment\./);
    expect(docs.get('podDelete')).toBe(
      '`pod-delete`: Deletes pods of the target workload, repeatedly, for the chaos duration.',
    );
    expect(docs.size).toBeGreaterThan(40);
  });

  it('documents every exported symbol with TSDoc', () => {
    const undocumented = [...docs].filter(([, doc]) => doc === '').map(([name]) => name);
    expect(undocumented).toEqual([]);
  });
});
