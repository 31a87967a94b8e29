import { NotFoundContent } from '@/components/not-found-content';

// Inside the portal frame, whose layout already provides the main landmark.
export default function AdminNotFound() {
  return <NotFoundContent />;
}
