// Where the end-to-end suite's fake Microsoft listens (see fake-microsoft-setup.ts): the portal's port
// + 4 unless told otherwise (+ 1 and + 2 are the embedded dashboard spec's host pages, + 3 the
// OpenID Connect provider: e2e/support/oidc.ts).
export const MICROSOFT_PORT = Number(process.env.E2E_MICROSOFT_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 4);
export const MICROSOFT_URL = `http://127.0.0.1:${MICROSOFT_PORT}`;
