import { redirect } from 'next/navigation';
import { getViewer } from '@/lib/server/guards';
import { safeCallbackPath } from '@/lib/domain/permissions';

// "/" sends each user to their home (or back to where they were going before signing in).
export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewer();
  if (!viewer) redirect('/signin');
  const next = (await searchParams).next;
  redirect(safeCallbackPath(viewer.role, typeof next === 'string' ? next : undefined));
}
