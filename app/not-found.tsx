import { NotFoundContent } from '@/components/not-found-content';

// Outside the portal frame (an unknown URL): its own main landmark.
export default function NotFound() {
  return (
    <main>
      <NotFoundContent />
    </main>
  );
}
