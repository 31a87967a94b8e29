import 'server-only';
import { PROBLEM_KINDS, type ProblemKind } from '../../domain/problem';

// The API's reference for people (/api/v1/docs): an HTML page rendered from the OpenAPI
// description itself, served by the portal with no script and nothing from another host (its
// only resource is its stylesheet, /api/v1/docs/reference.css). It also lists every problem
// type: each error's `type` points at its section here (#problem-<kind>).

type Json = Record<string, unknown>;

const escape = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `code` spans and line breaks from the description's Markdown-ish text. */
const prose = (text: unknown) =>
  escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\n\n/g, '</p><p>');

const schemaBlock = (schema: unknown) => `<pre class="schema"><code>${escape(JSON.stringify(schema, null, 2))}</code></pre>`;

const slug = (text: string) =>
  text
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

function parametersTable(parameters: Json[]): string {
  if (parameters.length === 0) return '';
  const rows = parameters
    .map(
      (p) =>
        `<tr><th scope="row"><code>${escape(p.name)}</code></th><td>${escape(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escape(JSON.stringify(p.schema))}</code></td><td>${prose(p.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<table><caption>Parameters</caption><thead><tr><th scope="col">name</th><th scope="col">in</th><th scope="col">required</th><th scope="col">schema</th><th scope="col">what</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function operationSection(path: string, method: string, operation: Json): string {
  const id = `operation-${escape(operation.operationId)}`;
  const scope = operation['x-required-scope'];
  const body = operation.requestBody as Json | undefined;
  const bodySchema = (body?.content as Record<string, Json> | undefined)?.['application/json']?.schema;
  const responses = Object.entries(operation.responses as Record<string, Json>)
    .map(([status, answer]) => {
      const content = answer.content as Record<string, Json> | undefined;
      const [type, media] = Object.entries(content ?? {})[0] ?? [];
      const schema = media?.schema;
      return `<li><strong>${escape(status)}</strong> ${prose(answer.description)}${type ? ` <code>${escape(type)}</code>` : ''}${
        schema && type === 'application/json'
          ? `<details><summary>Schema of the ${escape(status)} answer</summary>${schemaBlock(schema)}</details>`
          : ''
      }</li>`;
    })
    .join('');
  return `<section aria-labelledby="${id}" class="operation">
<h3 id="${id}"><span class="method">${escape(method.toUpperCase())}</span> <code>/api/v1${escape(path)}</code></h3>
<p>${prose(operation.summary)}</p>
${scope ? `<p>Scope: <code>${escape(scope)}</code></p>` : '<p>No token needed.</p>'}
${operation.description ? `<p>${prose(operation.description)}</p>` : ''}
${parametersTable((operation.parameters ?? []) as Json[])}
${bodySchema ? `<h4>Body</h4><p>${prose(body?.description ?? '')}</p><details><summary>Schema of the body</summary>${schemaBlock(bodySchema)}</details>` : ''}
<h4>Answers</h4><ul>${responses}</ul>
</section>`;
}

export function renderReference(document: Json): string {
  const info = document.info as Json;
  const paths = document.paths as Record<string, Record<string, Json>>;
  const tags = ((document.tags ?? []) as Json[]).map((tag) => String(tag.name));
  const byTag = new Map<string, string[]>(tags.map((tag) => [tag, []]));
  const toc: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const tag = String((operation.tags as string[] | undefined)?.[0] ?? 'Other');
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(operationSection(path, method, operation));
      toc.push(`<li><a href="#operation-${escape(operation.operationId)}">${escape(method.toUpperCase())} /api/v1${escape(path)}</a></li>`);
    }
  }
  const problems = (Object.keys(PROBLEM_KINDS) as ProblemKind[])
    .map((kind) => {
      const info = PROBLEM_KINDS[kind];
      return `<tr id="problem-${kind}"><th scope="row"><code>/api/v1/docs#problem-${kind}</code></th><td>${info.status}</td><td>${escape(info.title)}</td><td>${prose(info.description)}</td></tr>`;
    })
    .join('');
  const webhooks = Object.entries((document.webhooks ?? {}) as Record<string, Record<string, Json>>)
    .map(([event, item]) => {
      const post = item.post ?? {};
      const schema = ((post.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json']?.schema;
      return `<section aria-labelledby="webhook-${slug(event)}"><h3 id="webhook-${slug(event)}"><code>${escape(event)}</code></h3><p>${prose(post.summary)}</p>${
        post.description ? `<p>${prose(post.description)}</p>` : ''
      }${schema ? `<details><summary>Schema of the payload</summary>${schemaBlock(schema)}</details>` : ''}</section>`;
    })
    .join('');
  const sections = [...byTag.entries()]
    .filter(([, list]) => list.length > 0)
    .map(
      ([tag, list]) =>
        `<section aria-labelledby="tag-${slug(tag)}"><h2 id="tag-${slug(tag)}">${escape(tag)}</h2>${list.join('')}</section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)} — reference</title>
<link rel="stylesheet" href="/api/v1/docs/reference.css">
</head>
<body>
<a class="skip" href="#main">Skip to the reference</a>
<header><h1>${escape(info.title)}</h1><p>Version ${escape(info.version)} · <a href="/api/v1/openapi.json">OpenAPI 3.1 description (JSON)</a></p></header>
<nav aria-label="Operations"><ul>${toc.join('')}</ul></nav>
<main id="main">
<section aria-labelledby="using"><h2 id="using">Using the API</h2>
<p>${prose(info.description)}</p>
<p>Lists answer <code>{ "data": [ … ], "nextCursor": "…" | null }</code> in a stable order and take <code>limit</code> (1–100, default 25) and <code>cursor</code>.
Every answer carries <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code>; past the limit of a minute the API answers 429 with <code>Retry-After</code>.
<code>POST /notices</code> and <code>POST /notices/{noticeId}/send</code> take an <code>Idempotency-Key</code>: the same key within 24 hours answers the first success again (<code>Idempotent-Replayed: true</code>) and does nothing again.</p>
</section>
${sections}
<section aria-labelledby="webhooks"><h2 id="webhooks">Webhook events</h2>${webhooks || '<p>No webhook events are described yet.</p>'}</section>
<section aria-labelledby="problems"><h2 id="problems">Problem types</h2>
<p>Every error is <code>application/problem+json</code> (RFC 9457). Branch on <code>type</code> (and <code>code</code> where given); <code>title</code> and <code>detail</code> are for people.</p>
<table><caption>Problem types</caption><thead><tr><th scope="col">type</th><th scope="col">status</th><th scope="col">title</th><th scope="col">what it means</th></tr></thead><tbody>${problems}</tbody></table>
</section>
</main>
</body>
</html>`;
}

export const REFERENCE_STYLE = `:root{color:#242424;background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem}
a{color:#0f5fa8}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
h1{font-size:1.75rem}h2{border-bottom:1px solid #ccc;margin-top:2.5rem}h3{font-size:1.1rem;margin-top:2rem}
code{font-family:ui-monospace,Consolas,monospace;font-size:.9em}
.method{display:inline-block;min-width:4.5rem;font-weight:700;color:#0b5323}
nav ul{columns:2;padding-left:1.2rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:600}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
td code{word-break:break-all}
pre.schema{background:#f4f4f4;padding:.75rem;overflow:auto;max-height:30rem}
details{margin:.25rem 0}
:focus-visible{outline:2px solid #0f5fa8;outline-offset:2px}
`;
