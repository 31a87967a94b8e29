/** The composer's field errors by field path: the words for one, and whether the field is marked invalid (a field error, or a check finding about it). */
export type ComposerFieldErrors = { text: (path: string) => string | undefined; invalid: (path: string) => boolean };

/** A field's error under it (id `<field id>-error`, which the field's aria-describedby names), when it has one. */
export function FieldError({ id, text, spaced = false }: { id: string; text: string | undefined; spaced?: boolean }) {
  return text ? (
    <p id={id} className={`${spaced ? 'mt-1 ' : ''}text-sm font-medium text-red-800`}>
      {text}
    </p>
  ) : null;
}
