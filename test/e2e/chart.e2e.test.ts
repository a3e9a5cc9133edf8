import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/k8s/objects.js';
import { parsePolicy } from '../../src/policy/policy.js';
import { triggerRequestSchema } from '../../src/trigger/trigger-request.js';
import { CHART_DIR, CHART_TEST_DIR } from '../chart/chart-dir.js';
import { versions } from '../env/versions.js';
import { helmBinary, helmTemplate, objectsOf, runHelm } from './chart-render.js';

/** The parts of a Deployment this file reads. */
interface PodTemplateOwner {
  spec: {
    template: {
      metadata: { annotations: Record<string, string> };
      spec: {
        containers: { args: string[]; volumeMounts: { name: string; mountPath: string }[] }[];
        volumes: unknown[];
      };
    };
  };
}

const helm = helmBinary(inject('binDir'));
const regenerate = process.env.UPDATE_GOLDEN === '1';

describe('helm', () => {
  it.skipIf(inject('binDir') === '')('is the pinned version', () => {
    expect(runHelm(helm, ['version', '--short']).stdout).toMatch(
      new RegExp(`^v${versions.helm.replaceAll('.', '\\.')}`),
    );
  });

  it('lints the chart with no warning', () => {
    const run = runHelm(helm, ['lint', CHART_DIR, '--strict', '--kube-version', versions.kubernetes]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(run.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(run.code).toBe(0);
  });
});

/**
 * `helm template` for three value sets, byte for byte against goldens in test/chart/golden. Rewritten only
 * with UPDATE_GOLDEN=1; a changed golden is reviewed like code.
 */
describe('helm template output', () => {
  it.each(['default', 'namespace-scope', 'sync-on'])('%s values render the golden manifests', (set) => {
    const values = set === 'default' ? [] : [join(CHART_TEST_DIR, 'values', `${set}.yaml`)];
    const run = helmTemplate(helm, 'chaosflow', 'chaosflow', { values });
    expect(run.stderr).toBe('');
    const golden = join(CHART_TEST_DIR, 'golden', `${set}.yaml`);
    if (regenerate) writeFileSync(golden, run.stdout);
    expect(existsSync(golden), `missing ${golden}; run UPDATE_GOLDEN=1 npm run test:e2e`).toBe(true);
    expect(run.stdout).toBe(readFileSync(golden, 'utf8'));
  });

  it('pins the image by digest when one is given, whatever the tag', () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    const run = helmTemplate(helm, 'chaosflow', 'chaosflow', {
      set: [`image.digest=${digest}`, 'image.tag=9.9.9'],
    });
    expect(run.stdout).toContain(`image: ghcr.io/chaosflow/chaosflow@${digest}\n`);
    expect(run.stdout).not.toContain('9.9.9');
  });

  it('installs the hub faults and the examples only when asked, once each', () => {
    const kinds = (set: string[]) =>
      [...helmTemplate(helm, 'chaosflow', 'chaosflow', { set }).stdout.matchAll(/^kind: (\w+)$/gm)].map(
        (match) => match[1],
      );
    const count = (list: (string | undefined)[], kind: string) => list.filter((item) => item === kind).length;
    expect(count(kinds([]), 'ChaosExperiment')).toBe(0);
    expect(count(kinds([]), 'WorkflowTemplate')).toBe(0);
    const installed = kinds(['faults.install=true', 'examples.install=true']);
    expect(count(installed, 'ChaosExperiment')).toBe(31);
    expect(count(installed, 'WorkflowTemplate')).toBe(7);
    expect(count(installed, 'CronWorkflow')).toBe(1);
  });
});

describe('the blast-radius policy', () => {
  it('is mounted from a ConfigMap as the file serve --policy reads, and restarts the replicas when it changes', async () => {
    const values = join(CHART_TEST_DIR, 'values', 'sync-on.yaml');
    const objects = objectsOf(helmTemplate(helm, 'chaosflow', 'chaosflow', { values: [values] }).stdout);
    const configMap = objects.find((object) => object.metadata.name === 'chaosflow-policy') as
      | (KubeObject & { data: Record<string, string> })
      | undefined;
    const parsed = parsePolicy(parse(configMap?.data['policy.yaml'] ?? ''));
    expect(parsed).toEqual({
      ok: true,
      policy: {
        maxAffectedPercent: 50,
        forbiddenNamespaces: ['kube-system', 'payments'],
        allowedWindows: [
          {
            days: ['mon', 'tue', 'wed', 'thu', 'fri'],
            start: '09:00',
            end: '17:00',
            timezone: 'Europe/Berlin',
          },
        ],
        maxConcurrentRunsPerNamespace: 1,
      },
    });
    const pod = (objects.find((object) => object.kind === 'Deployment') as unknown as PodTemplateOwner).spec
      .template;
    const container = pod.spec.containers[0];
    const mount = container?.volumeMounts.find((volume) => volume.name === 'policy');
    expect(container?.args).toContain(`--policy=${mount?.mountPath}/policy.yaml`);
    expect(pod.spec.volumes).toContainEqual({ name: 'policy', configMap: { name: 'chaosflow-policy' } });
    expect(pod.metadata.annotations['checksum/policy']).toMatch(/^[0-9a-f]{64}$/);
    const none = helmTemplate(helm, 'chaosflow', 'chaosflow').stdout;
    expect(none).not.toContain('--policy');
    expect(none).not.toContain('chaosflow-policy');
  });
});

describe('replicas', () => {
  const render = (set: string[]) => helmTemplate(helm, 'chaosflow', 'chaosflow', { set }).stdout;
  it('keeps one of several replicas through disruptions, and renders no budget for a single one', () => {
    expect(render([])).toContain('kind: PodDisruptionBudget\n');
    expect(render(['replicaCount=3', 'podDisruptionBudget.minAvailable=2'])).toContain('  minAvailable: 2\n');
    expect(render(['replicaCount=1'])).not.toContain('kind: PodDisruptionBudget');
    expect(render(['podDisruptionBudget.enabled=false'])).not.toContain('kind: PodDisruptionBudget');
  });

  it('elects a leader with the timings given, even as a single replica (so it can be scaled up)', () => {
    const rendered = render(['replicaCount=1', 'leaderElection.leaseDuration=30s']);
    expect(rendered).toContain('            - --leader-elect\n');
    expect(rendered).toContain('            - "--lease-duration=30s"\n');
    expect(rendered).toContain('kind: Lease\n');
  });
});

describe('the notes helm prints after an install', () => {
  /** The notes of a dry-run install with the namespace-scope values and `extra` arguments. */
  const installNotes = (...extra: string[]): string => {
    const run = runHelm(helm, [
      'install',
      'chaosflow',
      CHART_DIR,
      '--namespace',
      'chaosflow',
      '--dry-run=client',
      '--kubeconfig',
      inject('kubeconfig'),
      '--values',
      join(CHART_TEST_DIR, 'values', 'namespace-scope.yaml'),
      ...extra,
    ]);
    return run.stdout.slice(run.stdout.indexOf('NOTES:'));
  };

  it('show the opt-in annotations and a trigger request the service accepts', () => {
    const notes = installNotes();
    expect(notes).toContain(
      'chaosflow 0.1.0 is watching workloads in shop, payments\nand starts WorkflowTemplates from litmus.',
    );
    expect(notes).toContain(
      'litmuschaos.io/workflow=<workflow_id of a WorkflowTemplate> litmuschaos.io/chaos=true',
    );
    const body = /-d '(\{.*\})'/.exec(notes)?.[1] ?? '';
    const example = body
      .replace('<workflow_id>', 'checkout-gameday')
      .replace('<ns>', 'shop')
      .replace('<name>', 'checkout');
    expect(triggerRequestSchema.safeParse(JSON.parse(example)).success).toBe(true);
    expect(notes).not.toContain('Chaos dashboard');
  });

  it("give the Argo UI link to the dashboard for a run's time range once Grafana's address is set", () => {
    expect(installNotes('--set', 'grafanaDashboard.url=https://grafana.example.com/')).toContain(
      [
        '  - name: Chaos dashboard',
        '    scope: workflow',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Argo's link variables, which the Argo UI replaces
        '    url: https://grafana.example.com/d/chaosflow/chaosflow?from=${status.startedAtEpoch}&to=${status.finishedAtEpoch}&var-workflow_id=${workflow.metadata.labels.workflow_id}',
      ].join('\n'),
    );
  });
});

describe('bad values fail helm template with a message that says what to set', () => {
  it.each([
    [['scope=galaxy'], "- at '/scope': value must be one of 'cluster', 'namespace'"],
    [
      ['trigger.cooldown=5min'],
      "- at '/trigger/cooldown': '5min' does not match pattern '^[0-9]+(ms|s|m|h)$'",
    ],
    [['replicas=2'], "- at '': additional properties 'replicas' not allowed"],
    [
      ['api.enabled=true'],
      'api.enabled is true but the API has no credentials: set api.token, api.hmacSecret, or api.existingSecret (a Secret with keys token and/or hmacSecret); or set api.enabled=false',
    ],
    [
      ['api.token=abc'],
      'api.token, api.hmacSecret or api.existingSecret is set but api.enabled is false: set api.enabled=true to serve POST /v1/trigger, or remove the credentials',
    ],
    [
      ['scope=namespace'],
      "scope is namespace but watchNamespaces is empty: list the namespaces whose workloads are watched (--set 'watchNamespaces={shop}'), or use scope=cluster",
    ],
    [
      ['scope=namespace', 'watchNamespaces={shop}'],
      "scope is namespace but templateNamespaces is empty: list the namespaces holding the WorkflowTemplates (--set 'templateNamespaces={litmus}')",
    ],
    [
      ['watchNamespaces={shop}'],
      'watchNamespaces is set but scope is cluster, which watches every namespace: set scope=namespace to watch only those, or leave watchNamespaces empty',
    ],
    [
      ['sync.enabled=true'],
      'sync.enabled is true but sync.repo is empty: give the repository of experiments (--set sync.repo=https://github.com/team/chaos.git)',
    ],
    [
      ['sync.enabled=true', 'sync.repo=https://git.example.com/c.git', 'sync.git.auth=token'],
      'sync.git.auth is token but there is no token: set sync.git.token, or sync.git.existingSecret (a Secret with keys token and username)',
    ],
    [
      ['sync.enabled=true', 'sync.repo=git@git.example.com:c.git', 'sync.git.auth=ssh', 'sync.git.sshKey=k'],
      'sync.git.auth is ssh but the key or the host keys are missing: set sync.git.sshKey and sync.git.knownHosts (known_hosts lines for the git host), or sync.git.existingSecret (keys ssh-privatekey and known_hosts)',
    ],
    [
      ['sync.git.token=t'],
      'git credentials are set but sync.git.auth is none: set sync.git.auth to token or ssh',
    ],
    [
      ['serviceAccount.create=false'],
      'serviceAccount.name is required when serviceAccount.create is false: name an existing ServiceAccount',
    ],
    [
      ['replicaCount=3', 'podDisruptionBudget.minAvailable=3'],
      'podDisruptionBudget.minAvailable is 3 with replicaCount 3, so no node holding a replica could ever be drained: set minAvailable below replicaCount, or raise replicaCount',
    ],
    [
      ['leaderElection.leaseDuration=15sec'],
      "- at '/leaderElection/leaseDuration': '15sec' does not match pattern",
    ],
    [
      ['blastRadiusPolicy.maxAffectedPercent=150'],
      "- at '/blastRadiusPolicy/maxAffectedPercent': maximum: got 150, want 100",
    ],
  ])('--set %j', (set, message) => {
    const run = helmTemplate(helm, 'chaosflow', 'chaosflow', { set });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });
});
