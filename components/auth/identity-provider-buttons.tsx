import { getTranslator } from '@/lib/server/locale';

/**
 * "Sign in with Microsoft" (and the other OpenID Connect provider, when configured): plain forms
 * POSTing to next-auth's sign-in for the provider with its CSRF token, which answers with a redirect
 * to the provider (the CSP's form-action allows its origin). No script needed.
 */
export async function IdentityProviderButtons({
  providers,
  csrfToken,
  next,
}: {
  providers: readonly { id: string; name: string }[];
  csrfToken: string | null;
  next: string;
}) {
  if (providers.length === 0) return null;
  const { t } = await getTranslator();
  return (
    <div className="mt-6">
      <p className="flex items-center gap-3 text-sm text-neutral-700" aria-hidden="true">
        <span className="h-px flex-1 bg-neutral-300" />
        {t('signin.or')}
        <span className="h-px flex-1 bg-neutral-300" />
      </p>
      <div className="mt-4 space-y-2">
        {providers.map((provider) => (
          <form key={provider.id} method="post" action={`/api/auth/signin/${provider.id}`}>
            {csrfToken ? <input type="hidden" name="csrfToken" value={csrfToken} /> : null}
            <input type="hidden" name="callbackUrl" value={next} />
            <button
              type="submit"
              className="w-full rounded border border-neutral-500 bg-white px-4 py-2 font-semibold text-neutral-900 hover:bg-neutral-100"
            >
              {t('signin.withProvider', { name: provider.name })}
            </button>
          </form>
        ))}
      </div>
    </div>
  );
}
