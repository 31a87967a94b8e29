// Ids in URLs, forms, API paths and cursors are checked before they reach a query: a value that is
// not a UUID can name no row (and PostgreSQL would refuse the cast with an error instead).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
