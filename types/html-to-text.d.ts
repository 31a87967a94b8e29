// html-to-text 10 ships no type declarations; this is the part of its API the portal uses
// (lib/domain/graph-text.ts). See https://github.com/html-to-text/node-html-to-text.
declare module 'html-to-text' {
  export type SelectorDefinition = {
    selector: string;
    format?: string;
    options?: Record<string, unknown>;
  };
  export type HtmlToTextOptions = {
    wordwrap?: number | false | null;
    preserveNewlines?: boolean;
    decodeEntities?: boolean;
    selectors?: SelectorDefinition[];
  };
  export function compile(options?: HtmlToTextOptions): (html: string) => string;
  export function convert(html: string, options?: HtmlToTextOptions): string;
}
