import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_MARKER, generateFaultModule } from '../../src/hub/codegen.js';
import { loadHub } from '../../src/hub/load.js';
import { faultReference, REFERENCE_MARKER } from '../../src/hub/reference.js';

const generatedFile = fileURLToPath(new URL('../../src/hub/generated/faults.ts', import.meta.url));
const referenceFile = fileURLToPath(new URL('../../docs/faults.md', import.meta.url));

describe('generated fault builders', () => {
  it('match hub/ exactly; run `npm run codegen` after changing the hub', () => {
    expect(readFileSync(generatedFile, 'utf8')).toBe(generateFaultModule(loadHub()));
  });

  it('are marked as generated', () => {
    expect(readFileSync(generatedFile, 'utf8').split('\n')[0]).toBe(GENERATED_MARKER);
  });

  it('document each tunable with its env var, unit and default', () => {
    const text = generateFaultModule(loadHub());
    expect(text).toContain(
      [
        '  /**',
        '   * Delay added to each packet.',
        '   *',
        "   * Litmus env `NETWORK_LATENCY`, whole milliseconds. @defaultValue '2000ms'",
        '   */',
        '  readonly networkLatency?: Duration;',
      ].join('\n'),
    );
    expect(text).toContain(
      "export function podDelete(options: FaultOptions<PodDeleteTunables> = {}): FaultStep<'pod-delete'> {",
    );
    expect(text).toContain("  readonly sequence?: 'parallel' | 'serial' | 'random';");
  });
});

describe('the fault reference (docs/faults.md)', () => {
  it('matches hub/ exactly; run `npm run codegen` after changing the hub', () => {
    expect(readFileSync(referenceFile, 'utf8')).toBe(faultReference(loadHub()));
  });

  it('is marked as generated and indexes every fault with its builder, scope and needs', () => {
    const text = faultReference(loadHub());
    expect(text.split('\n')[0]).toBe(REFERENCE_MARKER);
    expect(text.match(/^## /gm)).toHaveLength(31);
    expect(text).toContain(
      '| [node-restart](#node-restart) | `faults.nodeRestart` | Cluster | secret id-rsa, cluster-wide |',
    );
    expect(text).toContain(
      "| `totalChaosDuration` | `TOTAL_CHAOS_DURATION` | duration (s) | `'15s'` | How long to keep deleting pods. |",
    );
  });
});
