import { describe, expect, it } from 'vitest';
import { withinNamespaces } from '../../src/gitops/allowed-namespaces.js';
import type { FileResult } from '../../src/gitops/compile-repo.js';

function template(name: string, namespace: string) {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', metadata: { name, namespace } };
}

const FILES: FileResult[] = [
  { file: 'experiments/a.ts', ok: true, objects: [template('a', 'litmus')] },
  { file: 'experiments/b.ts', ok: true, objects: [template('b1', 'litmus'), template('b2', 'shop')] },
  { file: 'experiments/c.ts', ok: false, error: 'does not compile' },
];

describe('withinNamespaces', () => {
  it('fails each file that writes outside the allowed namespaces, naming the object, and keeps the rest', () => {
    expect(withinNamespaces(FILES, ['litmus'])).toEqual([
      FILES[0],
      {
        file: 'experiments/b.ts',
        ok: false,
        error:
          "WorkflowTemplate b2 is in namespace shop, which this sync may not manage (it manages litmus)\n  → set the experiment's namespace to one of them, or add shop to the service's --template-namespace",
      },
      FILES[2],
    ]);
  });

  it('allows everything when no namespaces are given', () => {
    expect(withinNamespaces(FILES, [])).toEqual(FILES);
  });
});
