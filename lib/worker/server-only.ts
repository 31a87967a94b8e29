// lib/server modules start with `import 'server-only'`, which throws outside React server code
// (the package resolves to an empty module only under the `react-server` condition, as Next.js
// gives it to server components). The delivery worker is server code running outside Next: this
// resolves that one package with the react-server condition in this process, and nothing else
// (running the whole process with `--conditions=react-server` would also switch React and other
// packages to their server builds). Call it before the first dynamic import of lib/server.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return next(specifier, { ...context, conditions: [...context.conditions, 'react-server'] });
  return next(specifier, context);
}`;

let registered = false;

export function allowServerOnlyImports(): void {
  if (registered) return;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
  registered = true;
}
