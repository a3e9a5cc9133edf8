import { clusterUserError } from '../../cluster/api-errors.js';
import { ClusterClients } from '../../cluster/clients.js';
import { KubeGuardianCluster } from '../../cluster/guardian-cluster.js';
import { writeEmergencyStop } from '../../cluster/kill-switch-writer.js';
import { loadKubeConfig } from '../../cluster/kubeconfig.js';
import { KubeReaperCluster } from '../../cluster/reaper-cluster.js';
import { listRuns } from '../../cluster/run-watch.js';
import type { ChaosRun } from '../../guardian/reaper.js';
import { isRunning } from '../../guardian/run.js';
import type { Output } from '../output.js';

/** What `chaosflow stop` is given. */
export interface StopFlags {
  all?: boolean;
  lift?: boolean;
  reason?: string;
  namespace: string;
  killSwitch: string;
  runNamespace: string[];
}

/**
 * Turns the emergency stop on or off in the kill switch; on, also stops every running chaosflow run itself, so
 * that it works whether or not a service is running.
 */
export async function runStop(flags: StopFlags, output: Output): Promise<void> {
  const config = loadKubeConfig();
  const server = config.getCurrentCluster()?.server ?? '(none)';
  const clients = new ClusterClients(config);
  const where = { namespace: flags.namespace, name: flags.killSwitch };
  const switchName = `ConfigMap ${where.namespace}/${where.name}`;
  try {
    if (flags.lift === true) {
      await writeEmergencyStop(clients, where, undefined);
      output.stdout(`emergency stop lifted (${switchName}): runs may start again\n`);
      return;
    }
    const reason = flags.reason?.trim() || 'chaosflow stop --all';
    await writeEmergencyStop(clients, where, { reason });
    output.stdout(`emergency stop on (${switchName}): ${reason}\n`);
    const stopped = await stopRunning(clients, flags.runNamespace, reason, output);
    output.stdout(
      `stopped ${stopped} running run${stopped === 1 ? '' : 's'}; chaosflow serve pauses triggers and stops any run that starts, until \`chaosflow stop --lift\`\n`,
    );
  } catch (error) {
    throw clusterUserError(error, server) ?? error;
  }
}

/**
 * Stops every running chaosflow run, and every other run that its ChaosEngines name (a pipeline calling a
 * ClusterWorkflowTemplate through templateRef is not labelled as chaosflow's).
 */
async function stopRunning(
  clients: ClusterClients,
  namespaces: readonly string[],
  why: string,
  output: Output,
): Promise<number> {
  const cluster = new KubeGuardianCluster(clients);
  const runs = (await listRuns(clients, namespaces)).filter(isRunning);
  const known = new Set(runs.map((run) => run.uid));
  const running = [
    ...runs,
    ...(await runsOfEngines(clients, namespaces)).filter((run) => !known.has(run.uid)),
  ];
  const reason = `emergency stop: ${why}`;
  for (const run of running) {
    await cluster.stop(run, `${reason} (${new Date().toISOString()})`);
    await cluster.recordEvent(run, { type: 'Warning', reason: 'ChaosEmergencyStop', message: reason });
    output.stdout(`stopped ${run.namespace}/${run.name} (${run.experiment})\n`);
  }
  return running.length;
}

/** The runs that chaosflow's ChaosEngines name, still running, once each. */
async function runsOfEngines(clients: ClusterClients, namespaces: readonly string[]): Promise<ChaosRun[]> {
  const engines = new KubeReaperCluster(clients, namespaces);
  const byUid = new Map<string, ChaosRun>();
  for (const engine of await engines.listEngines()) {
    if (engine.run === undefined || byUid.has(engine.runUid)) continue;
    if ((await engines.runState(engine.run, engine.runUid)) !== 'running') continue;
    byUid.set(engine.runUid, { ...engine.run, uid: engine.runUid, experiment: engine.experiment });
  }
  return [...byUid.values()];
}
