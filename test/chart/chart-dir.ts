import { fileURLToPath } from 'node:url';

/** The Helm chart. */
export const CHART_DIR = fileURLToPath(new URL('../../charts/chaosflow', import.meta.url));

/** Value sets and goldens of the chart's tests. */
export const CHART_TEST_DIR = fileURLToPath(new URL('.', import.meta.url));
