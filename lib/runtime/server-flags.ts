// The Node.js flags the portal's web process runs with (`npm start`; the benchmark's portal too).
// A larger young generation: rendering a page allocates a few megabytes that die at once, and
// with V8's default semi-space (16 MB) the scavenger ran every few requests; 64 MB cut the CPU
// per /customers request by about 8–10% on the benchmark (docs/decisions/0012-request-cost.md).
// package.json's start script spells the same flags; a unit test keeps the two equal.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'] as const;
