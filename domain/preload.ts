import { z } from 'zod';

// Loaded once per workflow thread, before any workflow (worker/workflow-bundle.json,
// `preloadModules`): zod and the modules it evaluates are then shared by every workflow instead of
// evaluated again for each one. Only modules that hold no per-workflow state belong here.
// Temporal freezes what was preloaded, so zod's global configuration (its default locale and
// memoizer, which it sets on the first schema built) is settled here, before the freeze, by
// building and using one schema. zod is marked side-effect free, so the bundler would drop a bare
// `require('zod')` from the preload list: this module uses it, which keeps it.
z.strictObject({ n: z.number().int(), s: z.string().min(1) }).safeParse({ n: 0.5, s: '' });

export const preloaded = { z };
