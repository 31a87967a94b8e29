import { redirect } from 'next/navigation';
import { getViewerDuringEnrolment, landingPath } from '@/lib/server/guards';

// "/" sends each user to their home (or back to where they were going before signing in; first to
// setting up two-step sign-in when they must).
export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewerDuringEnrolment();
  if (!viewer) redirect('/signin');
  const next = (await searchParams).next;
  redirect(landingPath(viewer, typeof next === 'string' ? next : undefined));
}
