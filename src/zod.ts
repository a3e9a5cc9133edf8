import { en } from 'zod/locales';
import { z } from 'zod/mini';

// chaosflow's schemas are written with zod/mini: functions in place of methods, so the bundle holds only the
// parts used and schemas are quicker to make, and start-up is most of the time a CLI command takes. zod/mini
// has no messages until a locale is set; chaosflow's are in English.
z.config(en());

export { z };
