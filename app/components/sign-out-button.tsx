/** Sign-out is a POST form: a link could be triggered by any page that embeds it. */
export function SignOutButton() {
  return (
    <form method="post" action="/auth/logout">
      <button type="submit" className="btn-secondary text-sm">
        Sign out
      </button>
    </form>
  );
}
