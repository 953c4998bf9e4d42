/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The IdP and API are separate processes; keep their server-only packages out of the app bundle.
  serverExternalPackages: ["oidc-provider", "@electric-sql/pglite", "pg"],
};

export default nextConfig;
