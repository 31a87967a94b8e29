import { describe, expect, it } from 'vitest';
import { accountLink, accountMessage, type AccountMail } from '../../lib/server/mail/account-mail';
import { composeMessage } from '../../lib/server/mail/message';
import { parseEml } from '../../e2e/support/eml';

const settings = { fromAddress: 'portal@mail.example', messageIdHost: 'mail.example' };
const now = new Date('2026-12-07T10:00:00Z');

const invitation = (language: 'en' | 'zh-TW'): AccountMail => ({
  kind: 'invitation',
  to: 'mei@fabrikam.example',
  language,
  token: 'cpi_secret-token_1',
  partnerName: 'Contoso <Cloud> & Partners',
  inviterName: 'Alice Wu',
  role: 'PARTNER_AGENT',
});

describe('account mail', () => {
  it('links to the portal’s public URL with the token as one path segment', () => {
    expect(accountLink(invitation('en'), 'https://portal.example.com/')).toBe('https://portal.example.com/invitations/cpi_secret-token_1');
    expect(
      accountLink({ kind: 'passwordReset', to: 'a@b.example', name: 'A', language: 'en', token: 'cpr_a/b' }, 'http://localhost:3000'),
    ).toBe('http://localhost:3000/reset-password/cpr_a%2Fb');
  });

  it('an invitation in English: from the portal under its name, the inviter, partner and role, the link, the week', () => {
    const message = parseEml(composeMessage(accountMessage(invitation('en'), settings, now)).raw.toString('utf8'));
    expect(message.subject).toBe('You are invited to Contoso <Cloud> & Partners on the CSP Communications Portal');
    expect(message.headers.get('from')).toBe('CSP Communications Portal <portal@mail.example>');
    expect(message.headers.get('to')).toContain('mei@fabrikam.example');
    expect(message.headers.get('content-language')).toBe('en');
    expect(message.headers.get('message-id')).toMatch(/^<account\.[0-9a-f-]{36}@mail\.example>$/);
    expect(message.text).toContain(
      'Alice Wu invited you to join Contoso <Cloud> & Partners on the CSP Communications Portal as Partner agent.',
    );
    expect(message.text).toContain('/invitations/cpi_secret-token_1');
    expect(message.text).toContain('The link works for 7 days and only once.');
    // The partner's name is text in the HTML, never markup.
    expect(message.html).toContain('Contoso &lt;Cloud&gt; &amp; Partners');
    expect(message.html).toMatch(/<a href="[^"]+\/invitations\/cpi_secret-token_1">Accept the invitation<\/a>/);
  });

  it('in the recipient’s language: an invitation and a reset in Traditional Chinese', () => {
    const zh = parseEml(composeMessage(accountMessage(invitation('zh-TW'), settings, now)).raw.toString('utf8'));
    expect(zh.subject).toBe('邀請您加入 CSP 通訊入口網站上的 Contoso <Cloud> & Partners');
    expect(zh.headers.get('content-language')).toBe('zh-TW');
    expect(zh.text).toContain('Alice Wu 邀請您以「合作夥伴專員」身分加入');
    expect(zh.html).toContain('<html lang="zh-TW">');
    const reset = parseEml(
      composeMessage(
        accountMessage(
          { kind: 'passwordReset', to: 'fay@contoso.example', name: '林芳', language: 'zh-TW', token: 'cpr_x' },
          settings,
          now,
        ),
      ).raw.toString('utf8'),
    );
    expect(reset.subject).toBe('為 CSP 通訊入口網站設定新密碼');
    expect(reset.text).toContain('林芳 您好：');
    expect(reset.text).toContain('/reset-password/cpr_x');
    expect(reset.text).toContain('連結在一小時內有效');
  });
});
