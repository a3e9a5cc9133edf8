import { clusterUserError } from '../../cluster/api-errors.js';
import { ClusterClients } from '../../cluster/clients.js';
import { kubeSyncTarget } from '../../cluster/gitops-applier.js';
import { loadKubeConfig } from '../../cluster/kubeconfig.js';
import { UserError } from '../../errors.js';
import { type SyncReport, sync } from '../../gitops/sync.js';
import { authFromEnv } from '../credentials.js';
import type { HubOptions } from '../hub-option.js';
import type { Output } from '../output.js';
import { hubFromOptions, imagesFromOptions, policyFromOptions } from './compile-options.js';

/** What `chaosflow sync` is given. */
export type SyncFlags = HubOptions & {
  branch: string;
  path: string[];
  dryRun: boolean;
  prune: boolean;
  namespace: string[];
  cache: string;
};

/** One GitOps sync of `repo` into the cluster of the current kubeconfig; prints what it did. */
export async function runSync(repo: string, flags: SyncFlags, output: Output): Promise<void> {
  const config = loadKubeConfig();
  const auth = authFromEnv();
  const server = config.getCurrentCluster()?.server ?? '(none)';
  const report = await sync(kubeSyncTarget(new ClusterClients(config)), {
    source: { repo, branch: flags.branch, ...(auth === undefined ? {} : { auth }) },
    ...(flags.path.length === 0 ? {} : { patterns: flags.path }),
    hub: hubFromOptions(flags),
    images: imagesFromOptions(flags),
    ...policyFromOptions(flags),
    cacheDir: flags.cache,
    dryRun: flags.dryRun,
    prune: flags.prune,
    namespaces: flags.namespace,
  }).catch((error: unknown) => {
    throw clusterUserError(error, server) ?? error;
  });
  printReport(report, flags.dryRun, output);
}

function printReport(report: SyncReport, dryRun: boolean, output: Output): void {
  output.stdout(`commit ${report.commit}\n`);
  for (const file of report.files) {
    output.stdout(file.ok ? `✔ ${file.file}\n` : `✖ ${file.file}: ${file.error}\n`);
  }
  for (const action of report.actions) {
    const reason = action.reason === undefined ? '' : ` (${action.reason})`;
    output.stdout(`${action.action.padEnd(12)} ${action.key}${reason}\n`);
  }
  const changed = report.actions.filter(
    (action) => action.action !== 'unchanged' && action.action !== 'keep',
  );
  output.stdout(
    `${dryRun ? 'would' : 'did'} change ${changed.length} object${changed.length === 1 ? '' : 's'}\n`,
  );
  const failed = report.files.filter((file) => !file.ok).length;
  if (failed > 0) {
    throw new UserError(
      `${failed} file${failed === 1 ? '' : 's'} did not compile; the rest were synced\n  → fix the files marked ✖ above`,
    );
  }
}
