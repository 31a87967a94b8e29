// What a partner pastes into its host page to show the embedded dashboard, pure: an iframe and a
// small script that sizes it to its content. The dashboard posts its height to its token's host
// origin only (components/embed/resize-reporter.tsx); the script takes messages from the portal's
// origin and that frame only.

/** The one message the dashboard sends its host page: `{ type, height }` in CSS pixels. */
export const EMBED_HEIGHT_MESSAGE = 'csp-portal:embed-height';
/** The host script keeps the frame between these heights, whatever a message says. */
export const EMBED_MIN_HEIGHT = 120;
export const EMBED_MAX_HEIGHT = 5000;

const escapeAttribute = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A string literal for the inline script: `<` escaped, so that nothing in it can end the script element. */
const jsString = (value: string) => JSON.stringify(value).replaceAll('<', '\\u003c');

/** The dashboard's address for a token: the portal's origin, the path, the secret. */
export function embedUrl(portalOrigin: string, secret: string): string {
  return `${portalOrigin}/embed/dashboard?token=${encodeURIComponent(secret)}`;
}

/**
 * The snippet for one token. `frameId` tells several dashboards on one page apart; `title` names
 * the frame for assistive technology, in the token's language. The script is plain ES5 without
 * dependencies: it runs on any host page that allows inline scripts.
 */
export function embedSnippet(input: { portalOrigin: string; secret: string; frameId: string; title: string }): string {
  const id = escapeAttribute(input.frameId);
  return [
    `<iframe id="${id}" title="${escapeAttribute(input.title)}" src="${escapeAttribute(embedUrl(input.portalOrigin, input.secret))}"`,
    `  style="display:block;width:100%;height:480px;border:0"`,
    `  sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>`,
    `<script>`,
    `(function () {`,
    `  var portal = ${jsString(input.portalOrigin)};`,
    `  var frame = document.getElementById(${jsString(input.frameId)});`,
    `  window.addEventListener("message", function (event) {`,
    `    if (event.origin !== portal || event.source !== frame.contentWindow) return;`,
    `    var data = event.data;`,
    `    if (!data || data.type !== ${jsString(EMBED_HEIGHT_MESSAGE)} || typeof data.height !== "number" || !isFinite(data.height)) return;`,
    `    frame.style.height = Math.min(Math.max(Math.ceil(data.height), ${EMBED_MIN_HEIGHT}), ${EMBED_MAX_HEIGHT}) + "px";`,
    `  });`,
    `})();`,
    `</script>`,
  ].join('\n');
}
