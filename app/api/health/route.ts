import { checkDatabase } from '@/lib/server/data/health';

// Liveness and database readiness for load balancers: public, no data, never cached.
export const dynamic = 'force-dynamic';

export async function GET() {
  const database = await checkDatabase();
  const ok = database.status === 'up';
  return Response.json(
    { status: ok ? 'ok' : 'unavailable', database },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
