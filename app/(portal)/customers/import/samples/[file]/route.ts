import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getViewer } from '@/lib/server/guards';
import { can } from '@/lib/domain/permissions';

// The sample files of the import (docs/samples/*.csv), for the import page's "Sample file" links.
const SAMPLES = ['customers.csv', 'contacts.csv', 'subscriptions.csv'] as const;

export async function GET(_: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const viewer = await getViewer();
  const { file } = await params;
  const name = SAMPLES.find((sample) => sample === file);
  if (!viewer || !can(viewer.role, 'customer:write') || !name) return new Response('Not found', { status: 404 });
  const text = await readFile(path.join(process.cwd(), 'docs', 'samples', name), 'utf8');
  return new Response(text, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });
}
