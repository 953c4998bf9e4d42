/** The one client this development IdP serves, as its registration and every sign-in page name it. */
export const CLIENT_NAME = "Fabrikam Intranet";
