import { deleteWebhookHandler } from '@/lib/server/api/webhooks';
import { apiHandler } from '@/lib/server/api/http';

export const dynamic = 'force-dynamic';
export const DELETE = apiHandler(deleteWebhookHandler);
