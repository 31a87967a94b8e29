import { getNoticeHandler, patchNoticeHandler } from '@/lib/server/api/notices';
import { apiHandler } from '@/lib/server/api/http';

export const dynamic = 'force-dynamic';
export const GET = apiHandler(getNoticeHandler);
export const PATCH = apiHandler(patchNoticeHandler);
