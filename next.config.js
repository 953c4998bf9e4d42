/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The e2e suite's `next dev` builds beside the production build the other stacks serve, never into it.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The IdP and API are separate processes; keep their server-only packages out of the app bundle.
  serverExternalPackages: ["oidc-provider", "@electric-sql/pglite", "pg"],
};

export default nextConfig;
