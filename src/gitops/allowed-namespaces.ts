import type { FileResult } from './compile-repo.js';

/**
 * Holds back every file that would write outside the namespaces a sync may manage (a service installed with
 * namespace scope has no rights elsewhere): the file is reported as failed, naming the object and the
 * namespaces it may use, so its last good version stays and the other files still sync. No limit when
 * `namespaces` is empty.
 */
export function withinNamespaces(files: readonly FileResult[], namespaces: readonly string[]): FileResult[] {
  if (namespaces.length === 0) return [...files];
  return files.map((result) => {
    if (!result.ok) return result;
    const outside = result.objects.find((object) => !namespaces.includes(object.metadata.namespace ?? ''));
    if (outside === undefined) return result;
    const where = outside.metadata.namespace ?? '(no namespace)';
    return {
      file: result.file,
      ok: false,
      error: `${outside.kind} ${outside.metadata.name ?? ''} is in namespace ${where}, which this sync may not manage (it manages ${namespaces.join(', ')})\n  → set the experiment's namespace to one of them, or add ${where} to the service's --template-namespace`,
    };
  });
}
