// The test-only stand-ins for what has no binary here, run as one background process by `testenv up`: the pod
// runner (a kubelet for Argo's and Litmus's pods) and the Litmus simulator (only in namespaces that ask for it).
// Usage: node bin/run-ts.js test/env/agents.ts <kubeconfig> <bin dir> <work dir>
import { KubeConfig } from '@kubernetes/client-node';
import { LitmusSimulator } from './litmus/simulator.js';
import { LocalImages } from './pods/local-images.js';
import { PodRunner } from './pods/pod-runner.js';

const [kubeconfig, binDir, workDir] = process.argv.slice(2);
if (kubeconfig === undefined || binDir === undefined || workDir === undefined) {
  console.error('usage: agents.ts <kubeconfig> <bin dir> <work dir>');
  process.exit(2);
}
const config = new KubeConfig();
config.loadFromFile(kubeconfig);
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
await Promise.all([
  new PodRunner(config, new LocalImages(binDir, workDir), log).run(stop.signal),
  new LitmusSimulator(config, log).run(stop.signal),
]);
