import { z } from 'zod';

/**
 * zod probes, as each object schema is built, whether it may compile validators with
 * `new Function`; under the app's CSP (no 'unsafe-eval') the probe is refused and reported as a
 * CSP violation on every page. Validating without compiled code avoids the probe. main.tsx
 * imports this first, and vite.config.ts bundles it with zod itself: in a chunk of its own it
 * could run after the chunk holding the schemas.
 */
z.config({ jitless: true });
