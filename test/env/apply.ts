import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { type KubeConfig, type KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

/** Field manager of everything the harness applies. */
export const FIELD_MANAGER = 'chaosflow-testenv';

/** The objects in every `.yaml` file of `dir`, in file order. */
export function objectsIn(dir: string): KubernetesObject[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map(
        (document) => document.toJS() as KubernetesObject,
      ),
    )
    .filter((object) => object?.kind !== undefined);
}

/**
 * Resolves an object's REST path with client-node's discovery. Its typed `patch` is not used: it re-serializes
 * objects through its models, which drops schema keys such as `x-kubernetes-int-or-string` from raw CRDs.
 */
class ObjectPaths extends KubernetesObjectApi {
  pathOf(object: KubernetesObject): Promise<string> {
    return this.specUriPath(object, 'patch');
  }
}

/**
 * Server-side applies objects exactly as given (large CRDs such as Argo's full Workflow CRD exceed the
 * annotation limit of client-side apply). With `dryRun`, the API server validates and admits them, stores
 * nothing, and returns what it would have stored.
 */
export async function serverSideApply(
  config: KubeConfig,
  objects: readonly KubernetesObject[],
  options: { dryRun?: boolean } = {},
): Promise<KubernetesObject[]> {
  const paths = ObjectPaths.makeApiClient(config) as ObjectPaths;
  Object.setPrototypeOf(paths, ObjectPaths.prototype);
  const server = config.getCurrentCluster()?.server;
  if (server === undefined) throw new Error('the kubeconfig has no current cluster');
  const applied: KubernetesObject[] = [];
  for (const object of objects) {
    const url = new URL(await paths.pathOf(object), server);
    url.searchParams.set('fieldManager', FIELD_MANAGER);
    url.searchParams.set('force', 'true');
    if (options.dryRun === true) url.searchParams.set('dryRun', 'All');
    applied.push(await send(config, url, JSON.stringify(object)));
  }
  return applied;
}

async function send(config: KubeConfig, url: URL, body: string): Promise<KubernetesObject> {
  const options = {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/apply-patch+yaml', Accept: 'application/json' },
  };
  await config.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(url, options, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve(JSON.parse(text) as KubernetesObject);
        const message = (JSON.parse(text || '{}') as { message?: string }).message ?? text;
        reject(new Error(`${status} applying ${url.pathname}: ${message}`));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
