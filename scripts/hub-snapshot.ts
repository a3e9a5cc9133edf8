// Writes the built-in hub's snapshot beside the bundle (lib/hub-snapshot.json); run by `npm run build`.
// See src/hub/snapshot.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHub } from '../src/hub/load.js';
import { hubSnapshot } from '../src/hub/snapshot.js';
import { BUILTIN_HUB_DIR, PACKAGE_ROOT } from '../src/package-paths.js';

writeFileSync(
  join(PACKAGE_ROOT, 'lib', 'hub-snapshot.json'),
  hubSnapshot(parseHub(BUILTIN_HUB_DIR), BUILTIN_HUB_DIR),
);
