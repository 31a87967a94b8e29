import { getTranslator } from '@/lib/server/locale';
import { readCsrfToken } from '@/lib/server/session';

// A plain form posting to next-auth's sign-out: it works before the page's JavaScript has loaded,
// and without it. next-auth checks the CSRF token against its cookie; when the cookie is missing
// it answers with /signout (a page with this same form, the cookie then set).
export async function SignOutButton() {
  const { t } = await getTranslator();
  const csrfToken = await readCsrfToken();
  return (
    <form method="post" action="/api/auth/signout">
      {csrfToken ? <input type="hidden" name="csrfToken" value={csrfToken} /> : null}
      <input type="hidden" name="callbackUrl" value="/signin" />
      <button type="submit" className="rounded px-2.5 py-1 text-sm text-neutral-800 hover:bg-neutral-100">
        {t('shell.signOut')}
      </button>
    </form>
  );
}
