import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { prepareWorkflowController, workflowControllerCommand } from './argo-controller.js';
import { BINARIES, type BuildReport, ensureBinaries } from './binaries.js';
import { installCrds } from './crds.js';
import { prepareOperator } from './litmus/operator.js';
import { FAKE_NODES, registerFakeNode } from './nodes.js';
import { RUN_DIR } from './paths.js';
import { adminKubeconfig, ensurePki, type Pki } from './pki.js';
import { freePorts, Processes } from './processes.js';

/** Where a running control plane listens and what it runs. */
export interface ClusterState {
  readonly ports: {
    etcd: number;
    etcdPeer: number;
    apiserver: number;
    controllerManager: number;
    scheduler: number;
    kwok: number;
    workflowMetrics: number;
  };
  readonly binDir: string;
  readonly kubeconfig: string;
  /** Components that could not be built or started, with why. */
  readonly missing: readonly { name: string; error: string }[];
}

const STATE_FILE = join(RUN_DIR, 'state.json');
const KUBECONFIG = join(RUN_DIR, 'kubeconfig');
/** Stopped in this order: dependents before what they depend on. */
const COMPONENTS = [
  'agents',
  'chaos-operator',
  'workflow-controller',
  'kwok',
  'kube-scheduler',
  'kube-controller-manager',
  'kube-apiserver',
  'etcd',
] as const;

const processes = new Processes(RUN_DIR);

/**
 * Starts the control plane on 127.0.0.1 (etcd, kube-apiserver with RBAC, kube-controller-manager,
 * kube-scheduler, kwok with two fake nodes), installs Argo's and Litmus's CRDs, and starts Argo's workflow
 * controller, Litmus's chaos-operator and the agents that run their pods. Idempotent: a running control plane
 * is left as it is. Returns the state, including components that could not be had.
 */
export async function up(log: (line: string) => void = console.log): Promise<ClusterState> {
  const report = await ensureBinaries(log);
  const requiredFailure = report.failed.find(
    (failure) => BINARIES.find((spec) => spec.name === failure.name)?.required,
  );
  if (requiredFailure !== undefined)
    throw new Error(
      `cannot start the control plane: ${requiredFailure.name} did not build:\n${requiredFailure.error}`,
    );
  if (existsSync(STATE_FILE) && readState().binDir !== report.dir) {
    log('the binaries changed since the control plane started; restarting it with the new ones');
    await down(() => undefined);
  }
  const pki = ensurePki(join(RUN_DIR, 'pki'));
  const state = existsSync(STATE_FILE) && existsSync(KUBECONFIG) ? readState() : await newState(report);
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  await startApi(state, pki, log);
  writeFileSync(KUBECONFIG, adminKubeconfig(pki, server(state)));
  const config = loadConfig();
  const missing = [...report.failed, ...(await startControllers(state, pki))];
  await installCrds(config, log);
  if (processes.pid('kwok') !== undefined)
    for (const node of FAKE_NODES) await registerFakeNode(config, node);
  missing.push(
    ...(await startWorkflowRuntime(state, config)),
    ...(await startChaosOperator(state, config, log)),
  );
  const final = { ...state, missing };
  writeFileSync(STATE_FILE, JSON.stringify(final, null, 2));
  log(`control plane up: ${server(state)}, kubeconfig ${KUBECONFIG}`);
  for (const { name, error } of missing) log(`not running: ${name}: ${error.split('\n')[0]}`);
  return final;
}

/** Stops every component and removes the control plane's state; leaves no process or port behind. */
export async function down(log: (line: string) => void = console.log): Promise<void> {
  for (const name of COMPONENTS) await processes.stop(name);
  rmSync(RUN_DIR, { recursive: true, force: true });
  log('control plane down');
}

/**
 * Stops the API server and starts it again, for tests of clients that must survive it: their watches break,
 * and the restarted watch cache cannot resume their old resource versions (410 Gone, so they relist).
 * Resolves once the API server is ready again, with kwok restarted too.
 */
export async function restartApiServer(log: (line: string) => void = () => undefined): Promise<void> {
  // kwok 0.7 stops heartbeating its node after losing the API server, so it is restarted with it.
  await processes.stop('kwok');
  await processes.stop('kube-apiserver');
  const state = readState();
  const pki = ensurePki(join(RUN_DIR, 'pki'));
  await startApi(state, pki, log);
  await startControllers(state, pki);
}

/** Which components run, and whether the API server is ready. */
export async function status(): Promise<{
  running: Record<string, number | undefined>;
  ready: boolean;
  kubeconfig?: string;
}> {
  const running = Object.fromEntries(COMPONENTS.map((name) => [name, processes.pid(name)]));
  if (!existsSync(STATE_FILE)) return { running, ready: false };
  const ready = await isReady(readState(), ensurePki(join(RUN_DIR, 'pki')));
  return { running, ready, kubeconfig: KUBECONFIG };
}

/** The kubeconfig of the running control plane. */
export function kubeconfigPath(): string {
  if (!existsSync(KUBECONFIG))
    throw new Error('the test control plane is not up; run `npm run testenv -- up`');
  return KUBECONFIG;
}

/** A client configuration for the running control plane. */
export function loadConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath());
  return config;
}

function readState(): ClusterState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ClusterState;
}

async function newState(report: BuildReport): Promise<ClusterState> {
  mkdirSync(RUN_DIR, { recursive: true });
  const [etcd, etcdPeer, apiserver, controllerManager, scheduler, kwok, workflowMetrics] = (await freePorts(
    7,
  )) as [number, number, number, number, number, number, number];
  const ports = { etcd, etcdPeer, apiserver, controllerManager, scheduler, kwok, workflowMetrics };
  return { ports, binDir: report.dir, kubeconfig: KUBECONFIG, missing: [] };
}

function server(state: ClusterState): string {
  return `https://127.0.0.1:${state.ports.apiserver}`;
}

async function startApi(state: ClusterState, pki: Pki, log: (line: string) => void): Promise<void> {
  const bin = (name: string) => join(state.binDir, name);
  const etcdUrl = `http://127.0.0.1:${state.ports.etcd}`;
  const peerUrl = `http://127.0.0.1:${state.ports.etcdPeer}`;
  await processes.start('etcd', bin('etcd'), [
    '--name=testenv',
    `--data-dir=${join(RUN_DIR, 'etcd')}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=testenv=${peerUrl}`,
    '--unsafe-no-fsync',
    // Argo's full Workflow CRD is about 3 MB.
    '--max-request-bytes=10485760',
  ]);
  await processes.start('kube-apiserver', bin('kube-apiserver'), [
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${state.ports.apiserver}`,
    `--cert-dir=${join(RUN_DIR, 'apiserver-certs')}`,
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--authorization-mode=RBAC',
    `--service-account-issuer=https://127.0.0.1:${state.ports.apiserver}`,
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--allow-privileged=true',
  ]);
  log(`waiting for kube-apiserver on ${server(state)}`);
  const deadline = Date.now() + 120_000;
  while (!(await isReady(state, pki))) {
    for (const name of ['etcd', 'kube-apiserver']) {
      if (processes.pid(name) === undefined) throw new Error(`${name} exited:\n${processes.tail(name)}`);
    }
    if (Date.now() > deadline)
      throw new Error(`kube-apiserver was not ready within 120 s:\n${processes.tail('kube-apiserver')}`);
    await sleep(500);
  }
}

/** Starts the optional components that were built; returns those that are not running. */
async function startControllers(state: ClusterState, pki: Pki): Promise<{ name: string; error: string }[]> {
  const kubeconfig = ['--kubeconfig', KUBECONFIG];
  const wanted: [string, string[]][] = [
    [
      'kube-controller-manager',
      [
        ...kubeconfig,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${state.ports.controllerManager}`,
        `--service-account-private-key-file=${pki.serviceAccountKey}`,
        `--root-ca-file=${pki.caCert}`,
        `--cluster-signing-cert-file=${pki.caCert}`,
        `--cluster-signing-key-file=${pki.caKey}`,
        '--use-service-account-credentials=false',
        // kwok's heartbeats can stall for a while on a loaded 2-core CI machine; a node briefly "unreachable"
        // would have its pods marked not ready for good, and rollouts would never finish.
        '--node-monitor-grace-period=10m',
        // The defaults (20/30) make rollouts of thousands of Deployments, as the trigger benchmark makes, take
        // many minutes; a real control plane has more room than this one.
        '--kube-api-qps=200',
        '--kube-api-burst=400',
      ],
    ],
    [
      'kube-scheduler',
      [
        ...kubeconfig,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${state.ports.scheduler}`,
      ],
    ],
    [
      'kwok',
      [
        ...kubeconfig,
        '--manage-all-nodes=false',
        '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
        // kwok 0.7 keeps nodes alive through Leases only when given a lease duration; without one it picks its
        // "heartbeat with lease" stage yet renews no Lease, so node status is refreshed only every 10 to 20
        // minutes and the node lifecycle controller marks the nodes NotReady (their pods not ready) mid-run.
        '--node-lease-duration-seconds=40',
        `--server-address=127.0.0.1:${state.ports.kwok}`,
      ],
    ],
  ];
  const missing: { name: string; error: string }[] = [];
  for (const [name, args] of wanted) {
    const binary = join(state.binDir, name);
    if (existsSync(binary)) await processes.start(name, binary, args);
    else missing.push({ name, error: 'not built' });
  }
  return missing;
}

/**
 * Starts Argo's workflow controller and the agents that run its steps and Litmus's pods (the pod runner, with
 * the real argoexec and litmus-go, and the Litmus simulator); returns what could not be started.
 */
async function startWorkflowRuntime(
  state: ClusterState,
  config: KubeConfig,
): Promise<{ name: string; error: string }[]> {
  const controller = join(state.binDir, 'workflow-controller');
  const argoexec = join(state.binDir, 'argoexec');
  if (!existsSync(controller)) return [{ name: 'workflow-controller', error: 'not built' }];
  await prepareWorkflowController(config, state.ports.workflowMetrics);
  const { args, env } = workflowControllerCommand(KUBECONFIG);
  await processes.start('workflow-controller', controller, args, env);
  if (!existsSync(argoexec))
    return [{ name: 'agents (pod runner, Litmus simulator)', error: 'argoexec not built' }];
  const agents = fileURLToPath(new URL('agents.ts', import.meta.url));
  const runTs = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
  const command = [runTs, agents, KUBECONFIG, state.binDir, join(RUN_DIR, 'agents')];
  // Restarted whenever their sources changed, so a running control plane never keeps an outdated kubelet.
  await processes.start('agents', process.execPath, command, process.env, agentSourcesHash());
  return [];
}

/**
 * Starts Litmus's chaos-operator as its own service account, with the RBAC of its module, once it is built;
 * resolves when its controller has started its workers.
 */
async function startChaosOperator(
  state: ClusterState,
  config: KubeConfig,
  log: (line: string) => void,
): Promise<{ name: string; error: string }[]> {
  const operator = join(state.binDir, 'chaos-operator');
  if (!existsSync(operator)) return [{ name: 'chaos-operator', error: 'not built' }];
  if (processes.pid('chaos-operator') !== undefined) return [];
  const workDir = join(RUN_DIR, 'chaos-operator');
  mkdirSync(workDir, { recursive: true });
  const { args, env } = await prepareOperator(config, workDir);
  await processes.start('chaos-operator', operator, args, env);
  const deadline = Date.now() + 60_000;
  while (!processes.tail('chaos-operator', 200).includes('Starting workers')) {
    if (processes.pid('chaos-operator') === undefined || Date.now() > deadline)
      return [{ name: 'chaos-operator', error: processes.tail('chaos-operator') }];
    await sleep(250);
  }
  log('chaos-operator started');
  return [];
}

function isReady(state: ClusterState, pki: Pki): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: state.ports.apiserver,
        path: '/readyz',
        ca: readFileSync(pki.caCert),
        cert: readFileSync(pki.adminCert),
        key: readFileSync(pki.adminKey),
        timeout: 2000,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** A hash of the agents' sources (test/env and the informer they use from src/k8s). */
function agentSourcesHash(): string {
  const hash = createHash('sha256');
  const roots = [
    fileURLToPath(new URL('.', import.meta.url)),
    fileURLToPath(new URL('../../src/k8s', import.meta.url)),
  ];
  for (const root of roots)
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort())
      if (file.endsWith('.ts') && !file.endsWith('.test.ts'))
        hash.update(file).update(readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 16);
}
