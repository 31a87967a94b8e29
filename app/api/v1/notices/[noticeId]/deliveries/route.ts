import { listDeliveriesHandler } from '@/lib/server/api/notices';
import { apiHandler } from '@/lib/server/api/http';

export const dynamic = 'force-dynamic';
export const GET = apiHandler(listDeliveriesHandler);
