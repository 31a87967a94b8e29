import { createNoticeHandler, listNoticesHandler } from '@/lib/server/api/notices';
import { apiHandler } from '@/lib/server/api/http';

export const dynamic = 'force-dynamic';
export const GET = apiHandler(listNoticesHandler);
export const POST = apiHandler(createNoticeHandler);
