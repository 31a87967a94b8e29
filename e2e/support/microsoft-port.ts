// Where the end-to-end suite's fake Microsoft listens (see fake-microsoft-setup.ts).
export const MICROSOFT_PORT = Number(process.env.E2E_MICROSOFT_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1);
export const MICROSOFT_URL = `http://127.0.0.1:${MICROSOFT_PORT}`;
