import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR } from './chart-dir.js';

const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(CHART_DIR, '../../package.json'), 'utf8'));
const values = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'));

describe('the chart', () => {
  it("runs the image of this package's version", () => {
    expect(chart.appVersion).toBe(pkg.version);
    expect(values.image.tag).toBe('');
  });

  it('runs as the numeric non-root user the Dockerfile creates', () => {
    const dockerfile = readFileSync(join(CHART_DIR, '../../Dockerfile'), 'utf8');
    const user = /^USER (\d+):(\d+)$/m.exec(dockerfile);
    expect(user?.slice(1).map(Number)).toEqual([
      values.podSecurityContext.runAsUser,
      values.podSecurityContext.runAsGroup,
    ]);
    expect(values.podSecurityContext.runAsNonRoot).toBe(true);
  });
});
