// zod for every module that may also run in the browser (schemas, the list queries): configured
// once, without its JIT-compiled parsers. Those probe `new Function`, which the portal's
// Content-Security-Policy forbids: each page that parsed anything logged a CSP violation.
// Parsing is the same; only the faster compiled path is off.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
