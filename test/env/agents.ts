// The test-only stand-ins for what has no binary here, run as one background process by `testenv up`:
// the pod runner (a kubelet for Argo's resource-template pods) and the Litmus simulator.
// Usage: node bin/run-ts.js test/env/agents.ts <kubeconfig> <argoexec> <work dir>
import { KubeConfig } from '@kubernetes/client-node';
import { LitmusSimulator } from './litmus-simulator.js';
import { PodRunner } from './pod-runner.js';

const [kubeconfig, argoexec, workDir] = process.argv.slice(2);
if (kubeconfig === undefined || argoexec === undefined || workDir === undefined) {
  console.error('usage: agents.ts <kubeconfig> <argoexec> <work dir>');
  process.exit(2);
}
const config = new KubeConfig();
config.loadFromFile(kubeconfig);
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
await Promise.all([
  new PodRunner(config, argoexec, workDir, log).run(stop.signal),
  new LitmusSimulator(config, log).run(stop.signal),
]);
