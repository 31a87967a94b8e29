import type pg from 'pg';

/**
 * How PostgreSQL refused `text` (its SQLSTATE, the constraint and the message), or null when it
 * accepted it. Either way the statement is rolled back.
 */
export async function refusal(
  client: pg.Client,
  text: string,
  values: unknown[] = [],
): Promise<{ code: string; constraint: string | undefined; message: string } | null> {
  await client.query('BEGIN');
  try {
    await client.query(text, values);
    return null;
  } catch (error) {
    const { code, constraint, message } = error as { code: string; constraint?: string; message: string };
    return { code, constraint, message };
  } finally {
    await client.query('ROLLBACK');
  }
}
