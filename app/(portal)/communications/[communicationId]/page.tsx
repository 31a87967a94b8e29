import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { CommunicationDetailView } from '@/components/communications/communication-detail';
import { CommunicationNoticesSection } from '@/components/communications/communication-notices';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getCommunication } from '@/lib/server/data/communications';
import { getCommunicationNotices } from '@/lib/server/data/service-updates';
import { can } from '@/lib/domain/permissions';

type Props = { params: Promise<{ communicationId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('communications.title') };
}

// Another partner's communication answers exactly like one that does not exist: notFound().
export default async function CommunicationPage({ params }: Props) {
  const viewer = await requirePermission('partner:read');
  const { communicationId } = await params;
  const [item, notices] = await Promise.all([getCommunication(viewer, communicationId), getCommunicationNotices(viewer, communicationId)]);
  if (!item || !notices) notFound();
  const { t, locale } = await getTranslator();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/communications" className="text-brand underline hover:text-brand-dark">
          {t('communications.detail.back')}
        </Link>
      </p>
      <PageHeader title={item.title} />
      <div className="space-y-6">
        <CommunicationNoticesSection
          communication={item}
          notices={notices}
          canWrite={can(viewer.role, 'notice:write')}
          t={t}
          locale={locale}
          timeZone={viewer.timeZone}
        />
        <CommunicationDetailView item={item} t={t} locale={locale} timeZone={viewer.timeZone} />
      </div>
    </>
  );
}
