import { cancelNoticeHandler } from '@/lib/server/api/notices';
import { apiHandler } from '@/lib/server/api/http';

export const dynamic = 'force-dynamic';
export const POST = apiHandler(cancelNoticeHandler);
