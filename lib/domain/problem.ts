// RFC 9457 problem details, the REST API's errors (`application/problem+json`): type, title,
// status, detail, plus fields of their own. Built here for the API's handlers
// (lib/server/api/http.ts) and for the portal's HTTP server, which answers a path it cannot read
// before Next.js sees it (lib/runtime/front-door.ts).

export type Problem = { status: number; title: string; detail?: string } & Record<string, unknown>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The body of a problem response (the type is always about:blank: the status and title say it all). */
export function problemJson(body: Problem): string {
  return JSON.stringify({ type: 'about:blank', ...body });
}
