import { describe, expect, it } from 'vitest';
import { EMBED_HEIGHT_MESSAGE, embedSnippet, embedUrl } from '@/lib/domain/embed-snippet';

const PORTAL = 'https://portal.example.com';
const SECRET = 'cpe_AbC-def_123456789';

function snippet(overrides: Partial<Parameters<typeof embedSnippet>[0]> = {}) {
  return embedSnippet({
    portalOrigin: PORTAL,
    secret: SECRET,
    frameId: 'csp-portal-dashboard-1a2b3c4d',
    title: 'Partner dashboard',
    ...overrides,
  });
}

/**
 * Runs the snippet's script the way a host page would: one frame element with its window, the
 * host's window listening for messages. Returns a function that delivers a message and gives the
 * frame's height afterwards.
 */
function hostPage(html: string) {
  const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error('no script in the snippet');
  const frameWindow = { name: 'the frame' };
  const frame = { contentWindow: frameWindow, style: { height: '480px' } };
  let listener: ((event: { origin: string; source: unknown; data: unknown }) => void) | undefined;
  const window = {
    addEventListener: (type: string, handler: typeof listener) => {
      if (type === 'message') listener = handler;
    },
  };
  const document = { getElementById: (id: string) => (id === 'csp-portal-dashboard-1a2b3c4d' ? frame : null) };
  new Function('window', 'document', script)(window, document);
  return (event: { origin: string; source?: unknown; data: unknown }) => {
    listener?.({ source: frameWindow, ...event });
    return frame.style.height;
  };
}

describe('embedSnippet: what the host page pastes', () => {
  it('frames the dashboard of the token, sandboxed, with a title', () => {
    const html = snippet();
    expect(html).toContain(
      `<iframe id="csp-portal-dashboard-1a2b3c4d" title="Partner dashboard" src="${PORTAL}/embed/dashboard?token=${SECRET}"`,
    );
    expect(html).toContain('sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"');
    expect(embedUrl(PORTAL, 'cpe_a+b/c')).toBe(`${PORTAL}/embed/dashboard?token=cpe_a%2Bb%2Fc`);
  });

  it("sizes the frame to the height the portal's dashboard reports", () => {
    const deliver = hostPage(snippet());
    expect(deliver({ origin: PORTAL, data: { type: EMBED_HEIGHT_MESSAGE, height: 734.2 } })).toBe('735px');
  });

  it('ignores messages from any other origin, from another frame, or of another shape', () => {
    const deliver = hostPage(snippet());
    expect(deliver({ origin: 'https://evil.example', data: { type: EMBED_HEIGHT_MESSAGE, height: 900 } })).toBe('480px');
    expect(deliver({ origin: 'https://portal.example.com:8443', data: { type: EMBED_HEIGHT_MESSAGE, height: 900 } })).toBe('480px');
    expect(deliver({ origin: 'http://portal.example.com', data: { type: EMBED_HEIGHT_MESSAGE, height: 900 } })).toBe('480px');
    expect(deliver({ origin: PORTAL, source: { name: 'another frame' }, data: { type: EMBED_HEIGHT_MESSAGE, height: 900 } })).toBe('480px');
    expect(deliver({ origin: PORTAL, data: { type: 'something-else', height: 900 } })).toBe('480px');
    expect(deliver({ origin: PORTAL, data: { type: EMBED_HEIGHT_MESSAGE, height: '900' } })).toBe('480px');
    expect(deliver({ origin: PORTAL, data: { type: EMBED_HEIGHT_MESSAGE, height: Number.NaN } })).toBe('480px');
    expect(deliver({ origin: PORTAL, data: { type: EMBED_HEIGHT_MESSAGE, height: Number.POSITIVE_INFINITY } })).toBe('480px');
    expect(deliver({ origin: PORTAL, data: null })).toBe('480px');
    expect(deliver({ origin: PORTAL, data: `{"type":"${EMBED_HEIGHT_MESSAGE}","height":900}` })).toBe('480px');
  });

  it('keeps the frame between 120 and 5,000 pixels whatever the message says', () => {
    const deliver = hostPage(snippet());
    expect(deliver({ origin: PORTAL, data: { type: EMBED_HEIGHT_MESSAGE, height: 0 } })).toBe('120px');
    expect(deliver({ origin: PORTAL, data: { type: EMBED_HEIGHT_MESSAGE, height: -50 } })).toBe('120px');
    expect(deliver({ origin: PORTAL, data: { type: EMBED_HEIGHT_MESSAGE, height: 1e9 } })).toBe('5000px');
  });

  it('escapes what it writes into HTML and into the script', () => {
    const html = snippet({ title: 'A "quoted" <title> & more', portalOrigin: 'https://p.example</script><script>alert(1)//' });
    expect(html).toContain('title="A &quot;quoted&quot; &lt;title&gt; &amp; more"');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});
