// The chaos-runner stand-in as a process, started by the pod runner for a runner pod of chaos-operator, with
// the pod's environment: node bin/run-ts.js test/env/litmus/chaos-runner-main.ts -kubeconfig=<file>
// Like chaos-runner, it takes its cluster from -kubeconfig and exits 0 when it cannot go on (the operator
// then marks the engine completed); only a crash exits non-zero, and its pod is restarted (OnFailure).
import { KubeConfig } from '@kubernetes/client-node';
import { ChaosRunnerStandIn, runnerEnvironment } from './chaos-runner.js';

const log = (line: string) => console.log(`${new Date().toISOString()} [chaos-runner stand-in] ${line}`);
const flag = process.argv.slice(2).find((arg) => arg.startsWith('-kubeconfig='));
const config = new KubeConfig();
if (flag === undefined) config.loadFromCluster();
else config.loadFromFile(flag.slice('-kubeconfig='.length));

try {
  await new ChaosRunnerStandIn(config, runnerEnvironment(process.env), log).run();
} catch (error) {
  log(`stopped: ${error instanceof Error ? error.message : String(error)}`);
}
