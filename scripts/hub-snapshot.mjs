// Writes the built-in hub's snapshot beside the compiled loader (lib/hub/builtin-hub.json); run by
// `npm run build` after tsc. See src/hub/snapshot.ts.
import { writeFileSync } from 'node:fs';
import { BUILTIN_HUB_DIR, parseHub } from '../lib/hub/load.js';
import { BUILTIN_HUB_SNAPSHOT, hubSnapshot } from '../lib/hub/snapshot.js';

writeFileSync(BUILTIN_HUB_SNAPSHOT, hubSnapshot(parseHub(BUILTIN_HUB_DIR), BUILTIN_HUB_DIR));
