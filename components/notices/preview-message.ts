import type { Locale } from '@/lib/i18n/locales';

// What the message preview shows (components/notices/notice-preview.tsx), taken from one of the
// data layer's previews: only these fields go to the browser (not the Markdown source, not ids).

export type PreviewMessage = {
  sender: { name: string; address: string; replyTo: string | null };
  recipient: { name: string; email: string; companyName: string; language: Locale };
  /** The language shown (the recipient's own unless another was asked for). */
  language: Locale;
  languageOverridden: boolean;
  rendered: { subject: string; html: string; text: string };
};

export function previewMessageOf(
  sender: PreviewMessage['sender'],
  shown: {
    recipient: PreviewMessage['recipient'];
    language: Locale;
    languageOverridden: boolean;
    rendered: PreviewMessage['rendered'];
  },
): PreviewMessage {
  const { recipient, rendered } = shown;
  return {
    sender: { name: sender.name, address: sender.address, replyTo: sender.replyTo },
    recipient: { name: recipient.name, email: recipient.email, companyName: recipient.companyName, language: recipient.language },
    language: shown.language,
    languageOverridden: shown.languageOverridden,
    rendered: { subject: rendered.subject, html: rendered.html, text: rendered.text },
  };
}
