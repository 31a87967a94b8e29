import { handleImportRequest } from '@/lib/server/customer-import';

// POST a CSV file (multipart: kind, file): every row validated and the changes planned, nothing written.
export async function POST(request: Request): Promise<Response> {
  return handleImportRequest(request, 'preview');
}
