import { handleImportRequest } from '@/lib/server/customer-import';

// POST the previewed file again with its fingerprint (multipart: kind, file, fingerprint): all or nothing.
export async function POST(request: Request): Promise<Response> {
  return handleImportRequest(request, 'apply');
}
