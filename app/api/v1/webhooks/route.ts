import { createWebhookHandler, listWebhooksHandler } from '@/lib/server/api/webhooks';
import { apiHandler } from '@/lib/server/api/http';

export const dynamic = 'force-dynamic';
export const GET = apiHandler(listWebhooksHandler);
export const POST = apiHandler(createWebhookHandler);
