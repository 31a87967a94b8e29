import 'server-only';

// The REST API's answers made from their text (json() and problem() in lib/server/api/http.ts):
// a Response to everyone who holds one — `instanceof Response`, every property and method — that
// builds the underlying Response (undici's: a byte stream for the body, a Headers list) only when
// something reads more than its status, its header fields and its text. The HTTP side
// (lib/server/api/app.ts) writes those as they are, so an answer served over HTTP never builds
// one; the tests, which call the router directly and read bodies, get the real one.
// docs/decisions/0025-rest-api-platform.md ("Speed", third round) has the figures.

export type WrittenAnswer = { status: number; fields: Record<string, string>; text: string };

export class TextAnswer {
  readonly #text: string;
  readonly #status: number;
  /** The header fields by lower-case name, until the headers are asked for as a Headers object. */
  #fields: Record<string, string>;
  #headers: Headers | null = null;
  #response: Response | null = null;

  constructor(text: string, status: number, headers: Record<string, string>) {
    this.#text = text;
    this.#status = status;
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) fields[name.toLowerCase()] = value;
    this.#fields = fields;
  }

  get status(): number {
    return this.#status;
  }

  get ok(): boolean {
    return this.#status >= 200 && this.#status <= 299;
  }

  get headers(): Headers {
    if (this.#response) return this.#response.headers;
    return (this.#headers ??= new Headers(this.#fields));
  }

  /** Adds the header fields it does not have yet (names compared regardless of case). */
  addMissingHeaders(headers: Record<string, string>): void {
    if (this.#response || this.#headers) {
      const current = this.headers;
      for (const [name, value] of Object.entries(headers)) if (!current.has(name)) current.set(name, value);
      return;
    }
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (!(lower in this.#fields)) this.#fields[lower] = value;
    }
  }

  /** What to write over HTTP: status, header fields and text; undefined once the body was read. */
  written(): WrittenAnswer | undefined {
    if (this.#response?.bodyUsed) return undefined;
    const fields = this.#response || this.#headers ? Object.fromEntries(this.headers) : { ...this.#fields };
    return { status: this.#status, fields, text: this.#text };
  }

  /** The underlying Response, built on first need. */
  response(): Response {
    return (this.#response ??= new Response(this.#text, { status: this.#status, headers: this.#headers ?? this.#fields }));
  }
}

// Everything else a Response has is the underlying Response's: every accessor and method of
// Response.prototype that TextAnswer does not define is delegated, so none is ever called on an
// object that is not a Response (undici checks).
for (const name of Object.getOwnPropertyNames(Response.prototype)) {
  if (name === 'constructor' || Object.prototype.hasOwnProperty.call(TextAnswer.prototype, name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Response.prototype, name)!;
  if (descriptor.get) {
    Object.defineProperty(TextAnswer.prototype, name, {
      configurable: true,
      get(this: TextAnswer) {
        return Reflect.get(this.response(), name);
      },
    });
  } else if (typeof descriptor.value === 'function') {
    Object.defineProperty(TextAnswer.prototype, name, {
      configurable: true,
      writable: true,
      value(this: TextAnswer, ...args: unknown[]) {
        const response = this.response();
        return (Reflect.get(response, name) as (...a: unknown[]) => unknown).apply(response, args);
      },
    });
  }
}
Object.setPrototypeOf(TextAnswer.prototype, Response.prototype);

/** An answer as its text, typed as the Response it is to its holders. */
export function textAnswer(text: string, status: number, headers: Record<string, string>): Response {
  return new TextAnswer(text, status, headers) as unknown as Response;
}
